// Images a call produced, as the content parts of the APIs that take images in a tool result: the MCP
// `tools/call` result, Anthropic's `tool_result` block and OpenAI Responses' `function_call_output`.
// Chat Completions takes only text in a tool message: there the model reads the files' names and sizes.
import { readFileSync } from "node:fs";
import type { ProducedFile } from "./session.js";

/** Larger images stay files only (the APIs cap image sizes around 5 MB). */
export const MAX_IMAGE_BYTES = 4 * 2 ** 20;
const IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);

export interface ImageData {
  readonly mediaType: string;
  readonly base64: string;
  readonly name: string;
}

/** The produced files that are images small enough to send, read from the output folder. */
export function imagesOf(files: readonly ProducedFile[], maxImages = 4): ImageData[] {
  const images: ImageData[] = [];
  for (const file of files) {
    if (images.length >= maxImages) break;
    if (!file.mediaType || !IMAGE_TYPES.has(file.mediaType) || file.bytes > MAX_IMAGE_BYTES) continue;
    try {
      images.push({ mediaType: file.mediaType, base64: readFileSync(file.path).toString("base64"), name: file.name });
    } catch {
      // removed from the output folder since: the text result still names it
    }
  }
  return images;
}

/** MCP `CallToolResult.content` image items. */
export function mcpImageContent(images: readonly ImageData[]): { type: "image"; data: string; mimeType: string }[] {
  return images.map((image) => ({ type: "image", data: image.base64, mimeType: image.mediaType }));
}

/** Anthropic `tool_result.content` image blocks. */
export function anthropicImageBlocks(
  images: readonly ImageData[],
): { type: "image"; source: { type: "base64"; media_type: string; data: string } }[] {
  return images.map((image) => ({ type: "image", source: { type: "base64", media_type: image.mediaType, data: image.base64 } }));
}

/** OpenAI Responses `function_call_output.output` image items. */
export function responsesImageItems(images: readonly ImageData[]): { type: "input_image"; image_url: string; detail: "auto" }[] {
  return images.map((image) => ({ type: "input_image", image_url: `data:${image.mediaType};base64,${image.base64}`, detail: "auto" }));
}
