// The web app's entry: mounts the shell. Adapters (board, storage, wallet) are built here once as they arrive.
import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('missing #app element');
mount(App, { target });
