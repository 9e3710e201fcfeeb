import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { layerConfigs, svelteScriptProcessor } from './eslint.layers.js';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'bench/results/', '**/*.generated.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        performance: 'readonly',
        crypto: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    // The pure core and the use-cases: no clocks, no global randomness, no I/O (a Clock, RNG or port is injected).
    files: ['src/core/**/*.ts', 'src/app/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', 'Date', 'setTimeout', 'setInterval', 'fetch', 'crypto', 'window', 'document', 'indexedDB', 'localStorage', 'process', 'console'],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'inject randomness' }],
    },
  },
  // Which floor may import which (eslint.layers.js).
  ...layerConfigs,
  { files: ['web/**/*.svelte'], processor: svelteScriptProcessor },
);
