// Node entry point for the test workers: the same polyfill every Node program loads first.
import '../src/node/polyfills.js';
