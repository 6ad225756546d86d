/**
 * Fastify's hello-world, in a process of its own like the app's server: the load run measures it with the same client
 * (bench/load.ts) to show what one request costs on this machine before any of Fangpin's work.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));
await app.listen({ port: 0, host: '127.0.0.1' });
const addr = app.server.address();
console.log(JSON.stringify({ listening: typeof addr === 'object' && addr ? addr.port : 0 }));
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
