import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy placed between the app and MariaDB, so tests can make the database vanish
 * (`cut`), hang (`hang`) and come back (`restore`) without ever touching the shared server.
 */
export class TcpProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private hanging = false;
  port = 0;

  constructor(
    private readonly target: { host: string; port: number },
    private readonly listenHost = '127.0.0.1',
  ) {}

  async start(port = this.port): Promise<this> {
    const server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.listenHost, () => resolve());
    });
    const address = server.address();
    this.port = typeof address === 'object' && address ? address.port : port;
    this.server = server;
    return this;
  }

  /** The database disappears: open connections are reset and new ones refused. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The database hangs: connections are accepted (and kept) but nothing is forwarded. */
  hang(): void {
    this.hanging = true;
    for (const s of this.sockets) s.pause();
  }

  /** The database is back on the same port. */
  async restore(): Promise<void> {
    this.hanging = false;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (!this.server) await this.start(this.port);
  }

  async stop(): Promise<void> {
    await this.cut();
  }

  private accept(client: Socket): void {
    this.sockets.add(client);
    client.on('close', () => this.sockets.delete(client));
    client.on('error', () => client.destroy());
    if (this.hanging) {
      client.pause();
      return;
    }
    const upstream = createConnection(this.target);
    this.sockets.add(upstream);
    upstream.on('close', () => {
      this.sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
