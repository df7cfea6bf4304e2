// Rebuilds task builders from WorkflowTask JSON, recursing into nested task lists.
import type { BaseTask } from "./task.js";
import type { WorkflowDef, WorkflowTask } from "./types.js";
import {
  DoWhileTask,
  DynamicForkTask,
  DynamicTask,
  EventTask,
  ExclusiveJoinTask,
  ForkTask,
  GenericTask,
  HttpTask,
  HumanTask,
  InlineTask,
  JoinTask,
  JsonJqTask,
  KafkaPublishTask,
  NoopTask,
  SetVariableTask,
  SimpleTask,
  StartWorkflowTask,
  SubWorkflowTask,
  SwitchTask,
  TerminateTask,
  WaitTask,
  type InlineWorkflow,
} from "./tasks/index.js";
import { AI_TASK_BUILDERS } from "./tasks/ai-task-types.js";

/**
 * Builds the builder for one WorkflowTask; `parseWorkflow` turns an inline sub-workflow definition into a builder.
 *
 * @example
 * ```ts
 * const task = taskFromJson(
 *   { name: "greet", taskReferenceName: "greet", type: "SIMPLE" },
 *   (def) => ConductorWorkflow.fromWorkflowDef(def),
 * );
 * task instanceof SimpleTask; // true
 * ```
 */
export function taskFromJson(json: WorkflowTask, parseWorkflow: (def: WorkflowDef) => InlineWorkflow): BaseTask {
  const list = (tasks: WorkflowTask[]) => tasks.map((t) => taskFromJson(t, parseWorkflow));
  switch (json.type ?? "SIMPLE") {
    case "SIMPLE":
      return SimpleTask.fromWorkflowTask(json);
    case "HTTP":
      return HttpTask.fromWorkflowTask(json);
    case "INLINE":
      return InlineTask.fromWorkflowTask(json);
    case "JSON_JQ_TRANSFORM":
      return JsonJqTask.fromWorkflowTask(json);
    case "SWITCH":
      return SwitchTask.fromWorkflowTask(json, list);
    case "FORK_JOIN":
      return ForkTask.fromWorkflowTask(json, list);
    case "JOIN":
      return JoinTask.fromWorkflowTask(json);
    case "EXCLUSIVE_JOIN":
      return ExclusiveJoinTask.fromWorkflowTask(json);
    case "FORK_JOIN_DYNAMIC":
      return DynamicForkTask.fromWorkflowTask(json);
    case "DO_WHILE":
      return DoWhileTask.fromWorkflowTask(json, list);
    case "SUB_WORKFLOW":
      return SubWorkflowTask.fromWorkflowTask(json, parseWorkflow);
    case "START_WORKFLOW":
      return StartWorkflowTask.fromWorkflowTask(json);
    case "WAIT":
      return WaitTask.fromWorkflowTask(json);
    case "HUMAN":
      return HumanTask.fromWorkflowTask(json);
    case "EVENT":
      return EventTask.fromWorkflowTask(json);
    case "TERMINATE":
      return TerminateTask.fromWorkflowTask(json);
    case "SET_VARIABLE":
      return SetVariableTask.fromWorkflowTask(json);
    case "KAFKA_PUBLISH":
      return KafkaPublishTask.fromWorkflowTask(json);
    case "DYNAMIC":
      return DynamicTask.fromWorkflowTask(json);
    case "NOOP":
      return NoopTask.fromWorkflowTask(json);
    default: {
      const ai = Object.hasOwn(AI_TASK_BUILDERS, json.type ?? "") ? AI_TASK_BUILDERS[json.type!] : undefined;
      return ai ? ai(json) : GenericTask.fromWorkflowTask(json);
    }
  }
}
