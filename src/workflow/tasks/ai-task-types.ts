// Which builder rebuilds each AI task type (and PULL_WORKFLOW_MESSAGES) from its WorkflowTask JSON.
import type { WorkflowTask } from "../types.js";
import { A2aAgentTask, CancelAgentTask, GetAgentCardTask } from "./a2a-tasks.js";
import type { AiTask } from "./ai-task.js";
import { GeneratePdfTask } from "./generate-pdf-task.js";
import { LlmChatCompleteTask } from "./llm-chat-complete-task.js";
import { LlmGenerateEmbeddingsTask } from "./llm-generate-embeddings-task.js";
import { LlmTextCompleteTask } from "./llm-text-complete-task.js";
import { CallMcpToolTask, ListMcpToolsTask } from "./mcp-tasks.js";
import { GenerateAudioTask, GenerateImageTask, GenerateVideoTask } from "./media-tasks.js";
import { PullWorkflowMessagesTask } from "./pull-workflow-messages-task.js";
import {
  LlmGetEmbeddingsTask,
  LlmIndexTextTask,
  LlmSearchEmbeddingsTask,
  LlmSearchIndexTask,
  LlmStoreEmbeddingsTask,
} from "./vector-db-tasks.js";

export const AI_TASK_BUILDERS: Readonly<Record<string, (json: WorkflowTask) => AiTask>> = {
  LLM_CHAT_COMPLETE: (json) => LlmChatCompleteTask.fromWorkflowTask(json),
  LLM_TEXT_COMPLETE: (json) => LlmTextCompleteTask.fromWorkflowTask(json),
  LLM_GENERATE_EMBEDDINGS: (json) => LlmGenerateEmbeddingsTask.fromWorkflowTask(json),
  LLM_INDEX_TEXT: (json) => LlmIndexTextTask.fromWorkflowTask(json),
  LLM_STORE_EMBEDDINGS: (json) => LlmStoreEmbeddingsTask.fromWorkflowTask(json),
  LLM_SEARCH_INDEX: (json) => LlmSearchIndexTask.fromWorkflowTask(json),
  LLM_SEARCH_EMBEDDINGS: (json) => LlmSearchEmbeddingsTask.fromWorkflowTask(json),
  LLM_GET_EMBEDDINGS: (json) => LlmGetEmbeddingsTask.fromWorkflowTask(json),
  GENERATE_IMAGE: (json) => GenerateImageTask.fromWorkflowTask(json),
  GENERATE_AUDIO: (json) => GenerateAudioTask.fromWorkflowTask(json),
  GENERATE_VIDEO: (json) => GenerateVideoTask.fromWorkflowTask(json),
  GENERATE_PDF: (json) => GeneratePdfTask.fromWorkflowTask(json),
  LIST_MCP_TOOLS: (json) => ListMcpToolsTask.fromWorkflowTask(json),
  CALL_MCP_TOOL: (json) => CallMcpToolTask.fromWorkflowTask(json),
  AGENT: (json) => A2aAgentTask.fromWorkflowTask(json),
  GET_AGENT_CARD: (json) => GetAgentCardTask.fromWorkflowTask(json),
  CANCEL_AGENT: (json) => CancelAgentTask.fromWorkflowTask(json),
  PULL_WORKFLOW_MESSAGES: (json) => PullWorkflowMessagesTask.fromWorkflowTask(json),
};
