import { EventResource } from "../../generated/resources/event.js";
import type { CallOptions } from "../transport/operation.js";
import { type ClientSource, requireObject, requireText, toTransport } from "./base.js";
import type { EventHandler } from "../../generated/models.js";

/** Event handlers: actions Conductor takes when a message arrives on an event queue. */
export class EventClient {
  readonly #event: EventResource;

  constructor(source?: ClientSource) {
    this.#event = new EventResource(toTransport(source));
  }

  async registerEventHandler(handler: EventHandler, options?: CallOptions): Promise<void> {
    requireObject("handler", handler);
    requireText("handler.name", handler.name);
    requireText("handler.event", handler.event);
    return this.#event.addEventHandler({ body: handler }, options);
  }

  async updateEventHandler(handler: EventHandler, options?: CallOptions): Promise<void> {
    requireObject("handler", handler);
    requireText("handler.name", handler.name);
    return this.#event.updateEventHandler({ body: handler }, options);
  }

  getEventHandlers(options?: CallOptions): Promise<EventHandler[]> {
    return this.#event.getEventHandlers(options);
  }

  /** Handlers listening to one event (e.g. `conductor:my_workflow:my_task`), by default only active ones. */
  getEventHandlersForEvent(
    event: string,
    { activeOnly }: { activeOnly?: boolean } = {},
    options?: CallOptions,
  ): Promise<EventHandler[]> {
    return this.#event.getEventHandlersForEvent({ path: { event }, query: { activeOnly } }, options);
  }

  unregisterEventHandler(name: string, options?: CallOptions): Promise<void> {
    return this.#event.removeEventHandler({ path: { name } }, options);
  }
}
