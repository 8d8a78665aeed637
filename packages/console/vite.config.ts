import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const gateway = process.env.ATALAIA_GATEWAY_URL ?? 'http://127.0.0.1:8000';

// Served by the gateway at /console/; in dev mode Vite serves it and forwards
// /api (the SSE stream included) to the gateway that `npm start` runs.
export default defineConfig(({ command }) => {
  // A build is what ships, whoever runs it: Vite takes NODE_ENV from its environment, and a build
  // started under Jest (the system tests' buildSystem) inherits NODE_ENV=test and would bundle
  // React's development build (about twice the size, and not what `npm start` serves).
  if (command === 'build') process.env.NODE_ENV = 'production';
  return {
    base: '/console/',
    plugins: [react()],
    build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
    server: {
      port: 5173,
      proxy: {
        '/api': {
          target: gateway,
          changeOrigin: true,
          // The gateway refuses cookie-authenticated writes from another origin;
          // through the proxy the page's origin is Vite's, so it is presented as the gateway's.
          configure: (proxy) => {
            proxy.on('proxyReq', (request) => {
              if (request.getHeader('origin')) request.setHeader('origin', gateway);
            });
          },
        },
      },
    },
  };
});
