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

  /**
   * Registers an event handler.
   *
   * The server starts listening on a handler's `event` queue in its event-queue refresh, which runs
   * every 60 s (fixed delay in DefaultEventQueueManager, Conductor v3.32.1; not configurable), so an
   * event published within the first minute after registering may find no listener. Deactivating
   * (`active: false`) or removing the last handler of an event stops its queue at the next refresh.
   */
  async registerEventHandler(handler: EventHandler, options?: CallOptions): Promise<void> {
    requireObject("handler", handler);
    requireText("handler.name", handler.name);
    requireText("handler.event", handler.event);
    return this.#event.addEventHandler({ body: handler }, options);
  }

  /**
   * Updates an event handler.
   *
   * The server starts listening on a handler's `event` queue in its event-queue refresh, which runs
   * every 60 s (fixed delay in DefaultEventQueueManager, Conductor v3.32.1; not configurable), so an
   * event published within the first minute after registering may find no listener. Deactivating
   * (`active: false`) or removing the last handler of an event stops its queue at the next refresh.
   */
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
