import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const webRoot = path.dirname(fileURLToPath(import.meta.url));

/** Run from the repository root: `npx vite build --config web/vite.config.ts` (→ web/dist) or `npm run dev:web`. */
export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://localhost:3000', changeOrigin: false } },
    // The app imports the shared role definitions from ../src/shared.
    fs: { allow: [path.resolve(webRoot, '..')] },
  },
  build: {
    outDir: path.resolve(webRoot, 'dist'),
    emptyOutDir: true,
    sourcemap: false,
    rolldownOptions: {
      output: {
        // React in its own long-lived chunk; Ant Design is split along the lazily loaded pages.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler)[\\/]/ },
          ],
        },
      },
    },
  },
});
