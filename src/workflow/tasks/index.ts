export { SimpleTask } from "./simple-task.js";
export { HttpTask, type HttpRequest, type HttpMethod } from "./http-task.js";
export { InlineTask, JavascriptTask, type InlineEvaluator, type InlineTaskOptions } from "./inline-task.js";
export { JsonJqTask } from "./json-jq-task.js";
export { SwitchTask, type SwitchEvaluator, type SwitchTaskOptions } from "./switch-task.js";
export { ForkTask } from "./fork-task.js";
export { JoinTask, type JoinTaskOptions } from "./join-task.js";
export { ExclusiveJoinTask } from "./exclusive-join-task.js";
export { DynamicForkTask } from "./dynamic-fork-task.js";
export { DoWhileTask } from "./do-while-task.js";
export { SubWorkflowTask, type InlineWorkflow, type SubWorkflowOptions } from "./sub-workflow-task.js";
export { StartWorkflowTask, type StartWorkflowOptions } from "./start-workflow-task.js";
export { WaitTask } from "./wait-task.js";
export { HumanTask } from "./human-task.js";
export { EventTask } from "./event-task.js";
export { TerminateTask, type TerminationStatus } from "./terminate-task.js";
export { SetVariableTask } from "./set-variable-task.js";
export { KafkaPublishTask, type KafkaRequest } from "./kafka-publish-task.js";
export { DynamicTask } from "./dynamic-task.js";
export { NoopTask } from "./noop-task.js";
export { GenericTask } from "./generic-task.js";
export { AiTask, type LlmModelInput } from "./ai-task.js";
export {
  ChatMessage,
  LlmChatCompleteTask,
  type ChatRole,
  type LlmChatCompleteInput,
  type SchemaDef,
  type ToolCall,
  type ToolSpec,
} from "./llm-chat-complete-task.js";
export { LlmTextCompleteTask, type LlmTextCompleteInput } from "./llm-text-complete-task.js";
export { LlmGenerateEmbeddingsTask, type LlmGenerateEmbeddingsInput } from "./llm-generate-embeddings-task.js";
export {
  LlmGetEmbeddingsTask,
  LlmIndexTextTask,
  LlmSearchEmbeddingsTask,
  LlmSearchIndexTask,
  LlmStoreEmbeddingsTask,
  type EmbeddingModelInput,
  type LlmIndexTextInput,
  type LlmSearchEmbeddingsInput,
  type LlmSearchIndexInput,
  type LlmStoreEmbeddingsInput,
  type VectorDbLocation,
} from "./vector-db-tasks.js";
export { CallMcpToolTask, ListMcpToolsTask, type CallMcpToolInput, type ListMcpToolsInput } from "./mcp-tasks.js";
export {
  GenerateAudioTask,
  GenerateImageTask,
  GenerateVideoTask,
  type GenerateAudioInput,
  type GenerateImageInput,
  type GenerateVideoInput,
} from "./media-tasks.js";
export { GeneratePdfTask, type GeneratePdfInput } from "./generate-pdf-task.js";
export {
  A2aAgentTask,
  CancelAgentTask,
  GetAgentCardTask,
  type A2aAgentInput,
  type CancelAgentInput,
  type GetAgentCardInput,
} from "./a2a-tasks.js";
export { PullWorkflowMessagesTask, type PullWorkflowMessagesInput } from "./pull-workflow-messages-task.js";
export { agentLoop, toolCallTasks, type AgentLoopOptions } from "./agent-loop.js";
