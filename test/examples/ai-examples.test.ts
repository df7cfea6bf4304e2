// Runs the AI example against the real server (AI on, its `openai` provider pointed at the run's
// FakeLlmProvider) and checks what it prints, what the workflow recorded and what the fake received.
import { describe, expect, inject, it } from "vitest";
import { main as aiAgent } from "../../examples/ai-agent.js";
import { FakeLlmProvider } from "../../src/testing/index.js";
import { WorkflowClient } from "../../src/clients/index.js";
import { Configuration } from "../../src/config/index.js";
import { printed } from "../support/printed.js";

const apiUrl = inject("conductorApiUrl");
const fakeLlmUrl = inject("fakeLlmUrl");

describe("AI example", () => {
  it("ai-agent: the model calls the worker tool, answers from its result, and the JSON plan drives the SWITCH", async () => {
    // Never a real provider here, whatever the environment holds.
    const { lines, value } = await printed(() => aiAgent({ apiUrl, fakeLlmUrl, openaiApiKey: undefined }));
    expect(value.status).toBe("COMPLETED");
    expect(value.output).toEqual({
      answer: "Lisbon is sunny and 21 °C this afternoon: a good time for a walk by the river.",
      turns: 2,
      plan: "outdoors",
      advice: "take sunglasses",
    });
    expect(lines).toContain('tool get_weather({"city":"Lisbon"}) -> {"city":"Lisbon","forecast":"sunny","celsius":21}');
    expect(lines.at(-1)).toBe("workflow status: COMPLETED");

    const run = await new WorkflowClient(new Configuration({ serverUrl: apiUrl })).getWorkflow(value.workflowId);
    const tool = (run.tasks ?? []).find((t) => t.taskType === "get_weather");
    expect(tool?.outputData).toEqual({ city: "Lisbon", forecast: "sunny", celsius: 21 });
    const route = (run.tasks ?? []).map((t) => t.referenceTaskName);
    expect(route).toContain("go_out");
    expect(route).not.toContain("stay_in");

    // What the fake received: the worker's result went back to the model, and the plan got the answer.
    const llm = await FakeLlmProvider.connect(fakeLlmUrl);
    const requests = (await llm.chatRequests({ model: "fake-weather-agent" })).filter((r) =>
      r.input.some((i) => i.type === "message" && i.text === "Should I walk along the river in Lisbon this afternoon?"),
    );
    const afterTool = requests.at(-1)!;
    expect(afterTool.tools.map((t) => t.name)).toEqual(["get_weather"]);
    expect(afterTool.input.find((i) => i.type === "function_call_output")).toMatchObject({
      parsedOutput: { city: "Lisbon", forecast: "sunny", celsius: 21 },
    });
    const plans = await llm.chatRequests({ model: "fake-weather-agent" });
    expect(plans.at(-1)).toMatchObject({ jsonOutput: true, tools: [] });
    expect(plans.at(-1)!.input[0]).toMatchObject({
      type: "message",
      role: "user",
      text: "Lisbon is sunny and 21 °C this afternoon: a good time for a walk by the river.",
    });
  });
});
