// JSON-RPC 2.0 over the LSP transport: dispatches requests and notifications to handlers,
// answers requests (errors as JSON-RPC error objects, never crashes), sends notifications.

import type { Readable, Writable } from 'node:stream';
import { type Message, MessageReader, writeMessage } from './transport.js';

export const ErrorCodes = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  ServerNotInitialized: -32002,
  RequestFailed: -32803,
} as const;

export class ResponseError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

type Id = number | string;
export type RequestHandler = (params: unknown) => unknown;
export type NotificationHandler = (params: unknown) => void;

export class Connection {
  private readonly requests = new Map<string, RequestHandler>();
  private readonly notifications = new Map<string, NotificationHandler>();
  private closeHandler: () => void = () => {};

  constructor(
    input: Readable,
    private readonly output: Writable,
    private readonly log: (text: string) => void,
  ) {
    new MessageReader(
      input,
      (m) => this.dispatch(m),
      (err) => this.log(`gohazard lsp: ${err.message}`),
      () => this.closeHandler(),
    );
  }

  onRequest(method: string, handler: RequestHandler): void {
    this.requests.set(method, handler);
  }

  onNotification(method: string, handler: NotificationHandler): void {
    this.notifications.set(method, handler);
  }

  onClose(handler: () => void): void {
    this.closeHandler = handler;
  }

  notify(method: string, params: unknown): void {
    writeMessage(this.output, { jsonrpc: '2.0', method, params });
  }

  private dispatch(m: Message): void {
    const method = typeof m.method === 'string' ? m.method : undefined;
    const id = typeof m.id === 'number' || typeof m.id === 'string' ? (m.id as Id) : undefined;
    if (method === undefined) return; // a response to a request we never send
    if (id === undefined) {
      const handler = this.notifications.get(method);
      if (!handler) return; // unknown notifications (incl. $/…) are ignored, as the spec says
      try {
        handler(m.params);
      } catch (err) {
        this.log(`gohazard lsp: ${method} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      }
      return;
    }
    const handler = this.requests.get(method);
    if (!handler) {
      this.respondError(id, ErrorCodes.MethodNotFound, `unhandled method ${method}`);
      return;
    }
    let result: unknown;
    try {
      result = handler(m.params);
    } catch (err) {
      if (err instanceof ResponseError) this.respondError(id, err.code, err.message);
      else this.respondError(id, ErrorCodes.InternalError, err instanceof Error ? err.message : String(err));
      return;
    }
    writeMessage(this.output, { jsonrpc: '2.0', id, result: result ?? null });
  }

  private respondError(id: Id, code: number, message: string): void {
    writeMessage(this.output, { jsonrpc: '2.0', id, error: { code, message } });
  }
}
