// A tool call's result in the forms of the APIs that take images in a tool result: Anthropic's
// `tool_result` block and OpenAI Responses' `function_call_output` item. The text is `result.content`
// unchanged; the images a tool attached (`context.attachImages`, e.g. the interpreter's charts) follow it.
// Chat Completions takes only text in a tool message: `toolMessages` sends `content` alone, which names
// each file and its size.
import type { ToolImage } from "./registry.js";
import type { ToolResult } from "./toolbox.js";

/** The images a call's result carries (none for a failed call). */
export function toolResultImages(result: ToolResult): readonly ToolImage[] {
  return result.ok ? (result.images ?? []) : [];
}

export type AnthropicToolResultContent =
  | { type: "text"; text: string }
  | { type: "image"; source: { type: "base64"; media_type: string; data: string } };

/** Anthropic Messages API `tool_result` block (goes in the next `user` message's content). */
export interface AnthropicToolResultBlock {
  type: "tool_result";
  tool_use_id: string;
  /** The text alone as a string; with images, a text block followed by image blocks. */
  content: string | AnthropicToolResultContent[];
  is_error?: true;
}

/** The Anthropic `tool_result` block for a call's result (`tool_use_id` is the call's id). */
export function anthropicToolResult(result: ToolResult): AnthropicToolResultBlock {
  const images = toolResultImages(result);
  const content: AnthropicToolResultBlock["content"] =
    images.length === 0
      ? result.content
      : [
          { type: "text", text: result.content },
          ...images.map((image) => ({ type: "image" as const, source: { type: "base64" as const, media_type: image.mediaType, data: image.base64 } })),
        ];
  return { type: "tool_result", tool_use_id: result.callId ?? "", content, ...(result.ok ? {} : { is_error: true as const }) };
}

export type ResponsesToolOutputContent =
  | { type: "input_text"; text: string }
  | { type: "input_image"; image_url: string; detail: "auto" };

/** OpenAI Responses API `function_call_output` input item. */
export interface ResponsesToolOutput {
  type: "function_call_output";
  call_id: string;
  /** The text alone as a string; with images, an `input_text` item followed by `input_image` items (data URLs). */
  output: string | ResponsesToolOutputContent[];
}

/** The Responses `function_call_output` item for a call's result (`call_id` is the call's id). */
export function responsesToolOutput(result: ToolResult): ResponsesToolOutput {
  const images = toolResultImages(result);
  const output: ResponsesToolOutput["output"] =
    images.length === 0
      ? result.content
      : [
          { type: "input_text", text: result.content },
          ...images.map((image) => ({ type: "input_image" as const, image_url: `data:${image.mediaType};base64,${image.base64}`, detail: "auto" as const })),
        ];
  return { type: "function_call_output", call_id: result.callId ?? "", output };
}
