import { EventResource } from "../../generated/resources/event.js";
import type { EventHandler, EventHandlerActionType } from "../../generated/models.js";
import { InvalidArgumentError } from "../errors/conductor-error.js";
import type { CallOptions } from "../transport/operation.js";
import { type ClientSource, requireObject, requireText, toTransport } from "./base.js";

// Each action type reads its parameters from the field of the same name (start_workflow: {...}). A record
// over the spec's enum, so a type the spec adds or drops fails to compile here instead of drifting.
const ACTION_TYPES: Record<EventHandlerActionType, true> = {
  start_workflow: true,
  complete_task: true,
  fail_task: true,
  terminate_workflow: true,
  update_workflow_variables: true,
  start_agent: true,
};
const ACTION_PAYLOAD = new Set(Object.keys(ACTION_TYPES));

/**
 * Checks what the server stores without complaint but cannot act on: an `event` that names no queue
 * (`<type>:<queue>`, e.g. `conductor:order:done`, `kafka:orders`) never gets a listener, and an action
 * without its parameters fails only when a message arrives, in the server's log.
 */
function checkHandler(handler: EventHandler): void {
  requireObject("handler", handler);
  requireText("handler.name", handler.name);
  const event = requireText("handler.event", handler.event);
  const colon = event.indexOf(":");
  if (colon <= 0 || colon === event.length - 1) {
    throw new InvalidArgumentError(
      `handler.event must be "<type>:<queue>", e.g. "conductor:my_workflow:my_task" (got ${JSON.stringify(event)})`,
      { argument: "handler.event" },
    );
  }
  if (!Array.isArray(handler.actions) || handler.actions.length === 0) {
    throw new InvalidArgumentError("handler.actions must be a non-empty array", { argument: "handler.actions" });
  }
  handler.actions.forEach((action, i) => {
    const argument = `handler.actions[${i}]`;
    requireObject(argument, action);
    const type = action.action;
    if (type === undefined || !ACTION_PAYLOAD.has(type)) {
      throw new InvalidArgumentError(
        `${argument}.action must be one of ${[...ACTION_PAYLOAD].join(", ")} (got ${String(type)})`,
        { argument: `${argument}.action` },
      );
    }
    const payload = (action as Record<string, unknown>)[type];
    if (typeof payload !== "object" || payload === null) {
      throw new InvalidArgumentError(`${argument}.${type} must be an object: the parameters of "${type}"`, {
        argument: `${argument}.${type}`,
      });
    }
  });
}

/**
 * Event handlers: actions Conductor takes when a message arrives on an event queue. The generated
 * operations (`getEventHandlers`, `getEventHandlersForEvent`, `unregisterEventHandler`) are inherited;
 * registering and updating check the handler first.
 *
 * @example
 * const events = new ConductorClients(configuration).getEventClient();
 * const active = await events.getEventHandlersForEvent("conductor:order:done", { activeOnly: true });
 */
export class EventClient extends EventResource {
  constructor(source?: ClientSource) {
    super(toTransport(source));
  }

  /**
   * Registers an event handler. The handler is checked first (InvalidArgumentError naming the field): a
   * non-empty `name`, an `event` of the form `<type>:<queue>`, and at least one action, each carrying the
   * parameters of its type (`{ action: "start_workflow", start_workflow: { name: "..." } }`) — the server
   * stores such a handler unchecked and it fails only when a message arrives.
   *
   * The server starts listening on a handler's `event` queue in its event-queue refresh, which runs
   * every 60 s (fixed delay in DefaultEventQueueManager, Conductor v3.32.1; not configurable), so an
   * event published within the first minute after registering may find no listener. Deactivating
   * (`active: false`) or removing the last handler of an event stops its queue at the next refresh.
   *
   * @example
   * await events.registerEventHandler({
   *   name: "start_on_done",
   *   event: "conductor:order:done",
   *   actions: [{ action: "start_workflow", start_workflow: { name: "ship_order" } }],
   * });
   */
  override async registerEventHandler(handler: EventHandler, options?: CallOptions): Promise<void> {
    checkHandler(handler);
    return super.registerEventHandler(handler, options);
  }

  /**
   * Replaces the event handler of the same `name`, checked like `registerEventHandler`.
   *
   * The server starts listening on a handler's `event` queue in its event-queue refresh, which runs
   * every 60 s (fixed delay in DefaultEventQueueManager, Conductor v3.32.1; not configurable), so an
   * event published within the first minute after an update may find no listener. Deactivating
   * (`active: false`) or removing the last handler of an event stops its queue at the next refresh.
   *
   * @example
   * await events.updateEventHandler({ ...handler, active: false });
   */
  override async updateEventHandler(handler: EventHandler, options?: CallOptions): Promise<void> {
    checkHandler(handler);
    return super.updateEventHandler(handler, options);
  }
}
