// Images a tool attaches reach ToolResult.images unchanged, and the Anthropic / Responses tool-result forms
// carry them after the text; Chat Completions' tool messages stay text.
import { crc32, deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  anthropicToolResult, createToolbox, defineTool, responsesToolOutput, toolMessages, toolResultImages, type ToolImage,
} from "../src/index.js";

/** A real w x h grey PNG, built chunk by chunk. */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth; colour type 0 (grey)
  const rows = Buffer.concat(Array.from({ length: height }, () => Buffer.concat([Buffer.from([0]), Buffer.alloc(width, 0x80)])));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header), chunk("IDAT", deflateSync(rows)), chunk("IEND", Buffer.alloc(0))]);
}

const chart: ToolImage = { mediaType: "image/png", base64: png(3, 2).toString("base64"), name: "figure-1.png" };

const plot = defineTool<{ fail?: boolean; images?: number }>({
  name: "plot",
  description: "Draws a chart",
  parameters: { type: "object", properties: { fail: { type: "boolean" }, images: { type: "integer" } } },
  invoke: async ({ fail = false, images = 1 }, context) => {
    context.attachImages?.(Array.from({ length: images }, () => chart));
    await Promise.resolve();
    if (fail) throw new Error("the plot broke");
    return `[files saved for the user: out/figure-1.png (figure, image/png, ${png(3, 2).length} B)]`;
  },
});
const toolbox = createToolbox([plot]);

describe("tool results with images", () => {
  it("passes attached images through ToolResult.images, text unchanged", async () => {
    const result = await toolbox.call({ name: "plot", arguments: {}, id: "call_1" });
    expect(result.ok).toBe(true);
    expect(result.content).toMatch(/^\[files saved for the user: out\/figure-1\.png/);
    expect(toolResultImages(result)).toEqual([chart]);
    // Chat Completions: text alone, naming the file and its size.
    expect(toolMessages([result])).toEqual([{ role: "tool", tool_call_id: "call_1", content: result.content }]);
  });

  it.each([
    ["no image attached", { images: 0 }, true],
    ["a failed call drops its images", { fail: true }, false],
  ])("%s: no images, plain text forms", async (_, args, ok) => {
    const result = await toolbox.call({ name: "plot", arguments: args, id: "call_2" });
    expect(result.ok).toBe(ok);
    expect("images" in result).toBe(false);
    expect(toolResultImages(result)).toEqual([]);
    expect(anthropicToolResult(result)).toEqual({ type: "tool_result", tool_use_id: "call_2", content: result.content, ...(ok ? {} : { is_error: true }) });
    expect(responsesToolOutput(result)).toEqual({ type: "function_call_output", call_id: "call_2", output: result.content });
  });

  it("Anthropic: a text block, then base64 image blocks", async () => {
    const result = await toolbox.call({ name: "plot", arguments: { images: 2 }, id: "toolu_1" });
    const block = anthropicToolResult(result);
    expect(block.tool_use_id).toBe("toolu_1");
    expect(block.content).toEqual([
      { type: "text", text: result.content },
      { type: "image", source: { type: "base64", media_type: "image/png", data: chart.base64 } },
      { type: "image", source: { type: "base64", media_type: "image/png", data: chart.base64 } },
    ]);
    const data = Buffer.from((block.content[1] as { source: { data: string } }).source.data, "base64");
    expect(data.subarray(12, 16).toString("latin1")).toBe("IHDR");
    expect([data.readUInt32BE(16), data.readUInt32BE(20)]).toEqual([3, 2]);
  });

  it("Responses: input_text, then input_image data URLs", async () => {
    const result = await toolbox.call({ name: "plot", arguments: {}, id: "fc_1" });
    expect(responsesToolOutput(result)).toEqual({
      type: "function_call_output",
      call_id: "fc_1",
      output: [
        { type: "input_text", text: result.content },
        { type: "input_image", image_url: `data:image/png;base64,${chart.base64}`, detail: "auto" },
      ],
    });
  });
});
