// An AI agent on Conductor: a chat model answers a weather question with a worker (`get_weather`)
// as its tool, looping until it stops calling tools (`agentLoop`); a second chat completion turns
// the answer into a JSON plan, and a SWITCH on that plan picks the advice.
//
// With no key it runs against the SDK's FakeLlmProvider, a scripted OpenAI-compatible server on
// 127.0.0.1, so nothing leaves the machine (this is how CI runs it):
//
//   npx tsx examples/ai-agent.ts                      # starts a fake provider and a local Conductor (AI on)
//   OPENAI_API_KEY=sk-... npx tsx examples/ai-agent.ts # the same workflow on OpenAI (OPENAI_MODEL, default gpt-4o-mini)
//   CONDUCTOR_SERVER_URL=http://localhost:8080/api CONDUCTOR_TEST_FAKE_LLM_URL=http://127.0.0.1:18700 \
//     npx tsx examples/ai-agent.ts                    # a running server whose `openai` provider is that fake
//
// With CONDUCTOR_SERVER_URL and OPENAI_API_KEY, the server must have its own key
// (conductor.ai.openai.apiKey): the key is the server's, not the SDK's.
import { pathToFileURL } from "node:url";
import {
  ChatMessage,
  ConductorWorkflow,
  Configuration,
  LlmChatCompleteTask,
  SetVariableTask,
  SwitchTask,
  WorkflowExecutor,
  agentLoop,
  workflowVariable,
} from "@conductor-ts/sdk";
import { FakeLlmProvider, LocalConductor, type FakeLlmControl } from "@conductor-ts/sdk/testing";
import { TaskHandler, workerTask } from "@conductor-ts/sdk/worker";

const FORECASTS: Record<string, { forecast: string; celsius: number }> = {
  lisbon: { forecast: "sunny", celsius: 21 },
  oslo: { forecast: "snow", celsius: -3 },
};

/** The tool: a worker standing in for a weather service. */
export const getWeather = workerTask("get_weather", ({ city }: { city: string }) => {
  const weather = FORECASTS[String(city).toLowerCase()] ?? { forecast: "cloudy", celsius: 15 };
  const result = { city, ...weather };
  console.log(`tool get_weather(${JSON.stringify({ city })}) -> ${JSON.stringify(result)}`);
  return result;
});

const FAKE_MODEL = "fake-weather-agent";

/** What the fake provider answers for FAKE_MODEL: a tool call, then an answer, and the plan as JSON. */
async function scriptFake(llm: FakeLlmControl): Promise<void> {
  await llm.script(FAKE_MODEL, {
    rules: [
      { when: { instructions: "Classify", anyUserMessage: "sunny" }, reply: { json: { plan: "outdoors" } } },
      { when: { instructions: "Classify" }, reply: { json: { plan: "indoors" } } },
      {
        when: { toolOffered: "get_weather", hasToolOutputs: false },
        reply: { toolCalls: [{ name: "get_weather", arguments: { city: "Lisbon" } }] },
      },
      {
        when: { toolOffered: "get_weather", hasToolOutputs: true },
        reply: { text: "Lisbon is sunny and 21 °C this afternoon: a good time for a walk by the river." },
      },
    ],
  });
}

/** The workflow: the agent loop, the JSON plan, the SWITCH on it. */
export function weatherAgent(executor: WorkflowExecutor, model: string): ConductorWorkflow {
  const wf = new ConductorWorkflow(executor, "ai_weather_agent", 1, "A chat model with a worker as its tool");
  const chat = new LlmChatCompleteTask("agent_chat", {
    llmProvider: "openai",
    model,
    instructions:
      "You answer questions about the weather. Call get_weather for the city asked about, then answer in one sentence.",
    messages: [ChatMessage.user(wf.input("question"))],
    tools: [
      {
        name: "get_weather",
        type: "SIMPLE",
        description: "Today's forecast and temperature (Celsius) for a city",
        inputSchema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
      },
    ],
    maxTokens: 256,
  });
  const agent = agentLoop("agent", chat, { maxTurns: 4 });
  const plan = new LlmChatCompleteTask("plan", {
    llmProvider: "openai",
    model,
    instructions: 'Classify the advice you are given as json: {"plan": "outdoors"} or {"plan": "indoors"}.',
    messages: [ChatMessage.user(chat.result())],
    jsonOutput: true,
    maxTokens: 64,
  });
  const route = new SwitchTask("route", plan.result("plan"))
    .switchCase("outdoors", new SetVariableTask("go_out", { advice: "take sunglasses" }))
    .defaultCase(new SetVariableTask("stay_in", { advice: "take a book" }));
  return wf
    .add(agent, plan, route)
    .outputParameters({
      answer: chat.result(),
      turns: agent.output("iteration"),
      plan: plan.result("plan"),
      advice: workflowVariable("advice"),
    })
    .timeout(300, "TIME_OUT_WF");
}

export interface AiAgentOptions {
  /** A running server; without it a LocalConductor with AI on is started. */
  apiUrl?: string;
  /** An OpenAI key: the real provider instead of the fake. */
  openaiApiKey?: string;
  /** The model to use with a key (default gpt-4o-mini). */
  openaiModel?: string;
  /** A FakeLlmProvider already running (the one `apiUrl`'s server points at). */
  fakeLlmUrl?: string;
}

export interface AiAgentResult {
  status: string | undefined;
  output: Record<string, unknown> | undefined;
  workflowId: string;
}

export async function main(options: AiAgentOptions = {}): Promise<AiAgentResult> {
  const real = options.openaiApiKey !== undefined && options.openaiApiKey !== "";
  if (options.apiUrl && !real && !options.fakeLlmUrl) {
    throw new Error(
      "with a server URL, give the fake provider its openai provider points at (CONDUCTOR_TEST_FAKE_LLM_URL), or OPENAI_API_KEY when it points at OpenAI",
    );
  }
  const model = real ? (options.openaiModel ?? "gpt-4o-mini") : FAKE_MODEL;
  let llm: FakeLlmControl | undefined;
  let ownFake: FakeLlmProvider | undefined;
  if (!real) {
    ownFake = options.fakeLlmUrl ? undefined : await FakeLlmProvider.start();
    llm = ownFake ?? (await FakeLlmProvider.connect(options.fakeLlmUrl!));
    await scriptFake(llm);
  }
  let local: LocalConductor | undefined;
  try {
    if (!options.apiUrl) {
      console.log("starting a local Conductor server with AI on (the first run downloads it)...");
      local = await LocalConductor.start({
        quiet: true,
        ai: { openai: real ? { apiKey: options.openaiApiKey! } : { baseURL: llm!.baseURL, apiKey: llm!.apiKey } },
      });
    }
    console.log(`provider: openai, model ${model}${real ? "" : " (the fake provider on 127.0.0.1)"}`);
    const configuration = new Configuration({ serverUrl: options.apiUrl ?? local!.apiUrl });
    const executor = new WorkflowExecutor(configuration);
    const handler = new TaskHandler({ workers: [getWeather], configuration });
    await handler.start();
    try {
      const workflow = weatherAgent(executor, model);
      await workflow.register({ overwrite: true });
      const question = "Should I walk along the river in Lisbon this afternoon?";
      console.log(`question: ${question}`);
      const workflowId = await workflow.start({ question }, { useRegisteredDefinition: true });
      let run = await executor.getWorkflow(workflowId);
      for (let i = 0; i < 240 && run.status === "RUNNING"; i++) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        run = await executor.getWorkflow(workflowId);
      }
      const output = run.output as Record<string, unknown> | undefined;
      console.log(`answer: ${String(output?.answer)}`);
      console.log(`turns: ${String(output?.turns)}`);
      console.log(`plan: ${String(output?.plan)} -> ${String(output?.advice)}`);
      console.log(`workflow status: ${run.status}`);
      if (run.status !== "COMPLETED") console.log(`reason: ${run.reasonForIncompletion ?? "(none)"}`);
      return { status: run.status, output, workflowId };
    } finally {
      await handler.stop();
    }
  } finally {
    await local?.stop();
    await ownFake?.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main({
    apiUrl: process.env.CONDUCTOR_SERVER_URL,
    openaiApiKey: process.env.OPENAI_API_KEY,
    openaiModel: process.env.OPENAI_MODEL,
    fakeLlmUrl: process.env.CONDUCTOR_TEST_FAKE_LLM_URL,
  }).then(
    (result) => {
      if (result.status !== "COMPLETED") process.exitCode = 1;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
