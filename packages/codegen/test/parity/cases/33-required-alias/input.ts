import type { Int } from "@toolsmith/runtime";

export interface Settings {
  theme?: string;
  fontSize?: Int;
  wrap: boolean;
}

export type FullSettings = Required<Settings>;

/** Replaces all settings at once. */
export function replaceSettings(settings: FullSettings, previous: Settings): string {
  return `${settings.theme} ${previous.wrap}`;
}
