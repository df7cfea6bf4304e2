// The vector database tasks. `vectorDB` names an instance from the server's
// `conductor.vectordb.instances` (pgvector, MongoDB Atlas or Pinecone); none runs without one.
import type { TaskOptions } from "../task.js";
import type { JsonMap, WorkflowTask } from "../types.js";
import { AiTask } from "./ai-task.js";

/** Where documents live: a configured vector database, an index (table) and a namespace in it. */
export interface VectorDbLocation {
  vectorDB: string;
  index: string;
  namespace?: string;
}

/** The embedding model a task embeds text with. */
export interface EmbeddingModelInput {
  embeddingModelProvider: string;
  embeddingModel: string;
  dimensions?: number | string;
}

/** The input of LLM_INDEX_TEXT (the server's IndexDocInput). */
export interface LlmIndexTextInput extends VectorDbLocation, EmbeddingModelInput {
  /** The document's id; an empty one fails the task for good. */
  docId: string;
  text: string;
  metadata?: JsonMap | string;
  /** Read by the server but not used by 3.32. */
  url?: string;
  mediaType?: string;
  chunkSize?: number | string;
  chunkOverlap?: number | string;
}

/**
 * Embeds a text and stores it under `docId` (LLM_INDEX_TEXT). Output: `{}`.
 *
 * @example
 * ```ts
 * wf.add(
 *   new LlmIndexTextTask("index_doc", {
 *     vectorDB: "pgvector", index: "docs",
 *     embeddingModelProvider: "openai", embeddingModel: "text-embedding-3-small",
 *     docId: wf.input("docId"),
 *     text: wf.input("text"),
 *     metadata: { source: "upload" },
 *   }),
 * );
 * ```
 */
export class LlmIndexTextTask extends AiTask {
  constructor(taskReferenceName: string, input: LlmIndexTextInput, options: TaskOptions = {}) {
    super("LLM_INDEX_TEXT", "LlmIndexTextTask", taskReferenceName, input, options);
  }

  /**
   * Rebuilds the builder from a definition's WorkflowTask JSON, unchecked.
   *
   * @example
   * ```ts
   * const task = LlmIndexTextTask.fromWorkflowTask({
   *   name: "index_doc",
   *   taskReferenceName: "index_doc",
   *   type: "LLM_INDEX_TEXT",
   *   inputParameters: { vectorDB: "pgvector", index: "docs", docId: "d-1", text: "Hello" },
   * });
   * ```
   */
  static fromWorkflowTask(json: WorkflowTask): LlmIndexTextTask {
    return AiTask.restore(json, () => new LlmIndexTextTask("", {} as LlmIndexTextInput));
  }
}

/** The input of LLM_SEARCH_INDEX (the server's VectorDBInput). */
export interface LlmSearchIndexInput extends VectorDbLocation, EmbeddingModelInput {
  query: string;
  /** How many documents to return (server default 1). */
  maxResults?: number | string;
  metadata?: JsonMap | string;
}

/**
 * Embeds `query` and finds the nearest documents (LLM_SEARCH_INDEX). Output: `{ result: IndexedDoc[] }`.
 *
 * @example
 * ```ts
 * const search = new LlmSearchIndexTask("search", {
 *   vectorDB: "pgvector", index: "docs",
 *   embeddingModelProvider: "openai", embeddingModel: "text-embedding-3-small",
 *   query: wf.input("question"),
 *   maxResults: 3,
 * });
 * wf.add(search).outputParameters({ documents: search.result() });
 * ```
 */
export class LlmSearchIndexTask extends AiTask {
  constructor(taskReferenceName: string, input: LlmSearchIndexInput, options: TaskOptions = {}) {
    super("LLM_SEARCH_INDEX", "LlmSearchIndexTask", taskReferenceName, input, options);
  }

  /**
   * Rebuilds the builder from a definition's WorkflowTask JSON, unchecked.
   *
   * @example
   * ```ts
   * const task = LlmSearchIndexTask.fromWorkflowTask({
   *   name: "search",
   *   taskReferenceName: "search",
   *   type: "LLM_SEARCH_INDEX",
   *   inputParameters: { vectorDB: "pgvector", index: "docs", query: "refund policy" },
   * });
   * ```
   */
  static fromWorkflowTask(json: WorkflowTask): LlmSearchIndexTask {
    return AiTask.restore(json, () => new LlmSearchIndexTask("", {} as LlmSearchIndexInput));
  }
}

/** The input of LLM_STORE_EMBEDDINGS (the server's StoreEmbeddingsInput). */
export interface LlmStoreEmbeddingsInput extends VectorDbLocation {
  embeddings: number[] | string;
  /** The vector's id (default a random UUID). */
  id?: string;
  metadata?: JsonMap | string;
  embeddingModelProvider?: string;
  embeddingModel?: string;
}

/**
 * Stores a vector (LLM_STORE_EMBEDDINGS). Output: `{ result: <count stored> }`.
 *
 * @example
 * ```ts
 * const embed = new LlmGenerateEmbeddingsTask("embed", { llmProvider: "openai", model: "text-embedding-3-small", text: wf.input("text") });
 * wf.add(embed, new LlmStoreEmbeddingsTask("store", { vectorDB: "pgvector", index: "docs", embeddings: embed.result(), id: wf.input("docId") }));
 * ```
 */
export class LlmStoreEmbeddingsTask extends AiTask {
  constructor(taskReferenceName: string, input: LlmStoreEmbeddingsInput, options: TaskOptions = {}) {
    super("LLM_STORE_EMBEDDINGS", "LlmStoreEmbeddingsTask", taskReferenceName, input, options);
  }

  /**
   * Rebuilds the builder from a definition's WorkflowTask JSON, unchecked.
   *
   * @example
   * ```ts
   * const task = LlmStoreEmbeddingsTask.fromWorkflowTask({
   *   name: "store",
   *   taskReferenceName: "store",
   *   type: "LLM_STORE_EMBEDDINGS",
   *   inputParameters: { vectorDB: "pgvector", index: "docs", embeddings: [0.1, 0.2] },
   * });
   * ```
   */
  static fromWorkflowTask(json: WorkflowTask): LlmStoreEmbeddingsTask {
    return AiTask.restore(json, () => new LlmStoreEmbeddingsTask("", {} as LlmStoreEmbeddingsInput));
  }
}

/** The input of LLM_SEARCH_EMBEDDINGS and LLM_GET_EMBEDDINGS (the server's VectorDBInput). */
export interface LlmSearchEmbeddingsInput extends VectorDbLocation {
  embeddings: number[] | string;
  maxResults?: number | string;
  metadata?: JsonMap | string;
}

/**
 * Finds the documents nearest a vector (LLM_SEARCH_EMBEDDINGS). Output: `{ result: IndexedDoc[] }`.
 *
 * @example
 * ```ts
 * const nearest = new LlmSearchEmbeddingsTask("nearest", { vectorDB: "pgvector", index: "docs", embeddings: embed.result(), maxResults: 5 });
 * wf.add(embed, nearest).outputParameters({ matches: nearest.result() });
 * ```
 */
export class LlmSearchEmbeddingsTask extends AiTask {
  constructor(taskReferenceName: string, input: LlmSearchEmbeddingsInput, options: TaskOptions = {}) {
    super("LLM_SEARCH_EMBEDDINGS", "LlmSearchEmbeddingsTask", taskReferenceName, input, options);
  }

  /**
   * Rebuilds the builder from a definition's WorkflowTask JSON, unchecked.
   *
   * @example
   * ```ts
   * const task = LlmSearchEmbeddingsTask.fromWorkflowTask({
   *   name: "nearest",
   *   taskReferenceName: "nearest",
   *   type: "LLM_SEARCH_EMBEDDINGS",
   *   inputParameters: { vectorDB: "pgvector", index: "docs", embeddings: [0.1, 0.2] },
   * });
   * ```
   */
  static fromWorkflowTask(json: WorkflowTask): LlmSearchEmbeddingsTask {
    return AiTask.restore(json, () => new LlmSearchEmbeddingsTask("", {} as LlmSearchEmbeddingsInput));
  }
}

/**
 * LLM_GET_EMBEDDINGS, the older name of LLM_SEARCH_EMBEDDINGS (the Python SDK's LlmQueryEmbeddings):
 * finds the documents nearest a vector. Output: `{ result: IndexedDoc[] }`.
 *
 * @example
 * ```ts
 * const nearest = new LlmGetEmbeddingsTask("nearest", { vectorDB: "pgvector", index: "docs", embeddings: embed.result(), maxResults: 5 });
 * wf.add(embed, nearest);
 * ```
 */
export class LlmGetEmbeddingsTask extends AiTask {
  constructor(taskReferenceName: string, input: LlmSearchEmbeddingsInput, options: TaskOptions = {}) {
    super("LLM_GET_EMBEDDINGS", "LlmGetEmbeddingsTask", taskReferenceName, input, options);
  }

  /**
   * Rebuilds the builder from a definition's WorkflowTask JSON, unchecked.
   *
   * @example
   * ```ts
   * const task = LlmGetEmbeddingsTask.fromWorkflowTask({
   *   name: "nearest",
   *   taskReferenceName: "nearest",
   *   type: "LLM_GET_EMBEDDINGS",
   *   inputParameters: { vectorDB: "pgvector", index: "docs", embeddings: [0.1, 0.2] },
   * });
   * ```
   */
  static fromWorkflowTask(json: WorkflowTask): LlmGetEmbeddingsTask {
    return AiTask.restore(json, () => new LlmGetEmbeddingsTask("", {} as LlmSearchEmbeddingsInput));
  }
}
