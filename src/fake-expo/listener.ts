/**
 * The fake's listening socket and its connections, and refusing connections on demand.
 *
 * Refusing stops listening, so the kernel answers new connections with ECONNREFUSED, rather than
 * accepting them and destroying each at once: ECONNREFUSED is what a client sees when Expo is
 * unreachable, and the one network failure that proves nothing was sent, which a client may
 * rightly handle apart from a reset. Listening again on the same port is reliable: Node binds
 * with SO_REUSEADDR, so the connections the fake closed (in TIME_WAIT) do not block the bind.
 * Should it fail all the same (another program took the port meanwhile), it is retried.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ConnectionRefusal } from './faults.js';

const RELISTEN_RETRY_MS = 100;
/** Longest delay setTimeout honours; a longer refusal lasts until it is switched off. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class Listener implements ConnectionRefusal {
  private readonly sockets = new Set<Socket>();
  /** The response each connection is writing, if any: such connections are closed after it. */
  private readonly answering = new Map<Socket, ServerResponse>();
  private address: { port: number; host: string } | undefined;
  private refusingConnections = false;
  private closing: Promise<void> | undefined;
  private relistening: Promise<void> | undefined;
  private resumeTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  // While it does not listen, nothing else may keep a standalone fake's process alive.
  private keepAlive: NodeJS.Timeout | undefined;
  private warned = false;

  /** @param onRefusal called each time refusing begins, with the number of open connections it closes. */
  constructor(
    private readonly server: Server,
    private readonly onRefusal: (openConnections: number) => void,
  ) {
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => {
        this.sockets.delete(socket);
        this.answering.delete(socket);
      });
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      this.answering.set(req.socket, res);
      res.once('close', () => {
        if (this.answering.get(req.socket) === res) this.answering.delete(req.socket);
      });
      if (this.refusingConnections) closeAfter(res, req.socket);
    });
  }

  /**
   * Starts listening.
   * @returns the address bound; listening again after a refusal uses it, port 0 included.
   */
  async listen(port: number, host: string): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const address = this.server.address() as AddressInfo;
    this.address = { port: address.port, host: address.address };
    return address;
  }

  get refusing(): boolean {
    return this.refusingConnections;
  }

  /**
   * Stops listening at once and closes the open connections: idle ones (pooled keep-alive
   * connections) at once, busy ones after the answer they are writing, with `Connection: close`;
   * a hung request keeps its connection. Calling it again while refusing only resets the timer.
   * @param ms listen again after this long; without it, refuse until resume().
   */
  refuse(ms?: number): void {
    if (this.closing) return;
    clearTimeout(this.resumeTimer);
    this.resumeTimer = ms !== undefined && ms <= MAX_TIMER_MS ? setTimeout(() => this.resume(), ms) : undefined;
    if (this.refusingConnections) return;
    this.refusingConnections = true;
    this.keepAlive = setInterval(() => undefined, 60_000);
    this.onRefusal(this.sockets.size);
    for (const socket of this.sockets) {
      const res = this.answering.get(socket);
      if (res && !res.writableFinished) closeAfter(res, socket);
      else socket.destroy();
    }
    this.sync();
  }

  /** Listens again on the same address and port. */
  resume(): void {
    clearTimeout(this.resumeTimer);
    clearInterval(this.keepAlive);
    if (!this.refusingConnections) return;
    this.refusingConnections = false;
    this.warned = false;
    this.sync();
  }

  /** Stops listening and destroys every connection, busy and hung ones included. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    for (const timer of [this.resumeTimer, this.retryTimer]) clearTimeout(timer);
    clearInterval(this.keepAlive);
    // A listen under way would otherwise bind after the server was closed.
    await this.relistening;
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
  }

  /** Brings listening in line with whether the fake should listen now. */
  private sync(): void {
    const wanted = !this.refusingConnections && !this.closing;
    if (!wanted && this.server.listening) this.server.close();
    else if (wanted && !this.server.listening && !this.relistening && this.retryTimer === undefined) this.relisten();
  }

  private relisten(): void {
    const { port, host } = this.address!;
    this.relistening = new Promise<void>((resolve) => {
      const onListening = () => {
        this.server.off('error', onError);
        this.relistening = undefined;
        resolve();
        this.sync();
      };
      const onError = (error: NodeJS.ErrnoException) => {
        this.server.off('listening', onListening);
        this.relistening = undefined;
        resolve();
        if (!this.warned) {
          this.warned = true;
          process.emitWarning(`fake-expo cannot listen again on ${host}:${port} (${error.code ?? error.message}); retrying every ${RELISTEN_RETRY_MS} ms`);
        }
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          this.sync();
        }, RELISTEN_RETRY_MS);
      };
      this.server.once('listening', onListening);
      this.server.once('error', onError);
    });
    this.server.listen(port, host);
  }
}

function closeAfter(res: ServerResponse, socket: Socket): void {
  if (!res.headersSent) res.setHeader('connection', 'close');
  res.once('finish', () => socket.end());
}
