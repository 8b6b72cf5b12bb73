import type { Int } from "@toolsmith/runtime";

export interface Settings {
  theme: string;
  fontSize: Int;
  wrap?: boolean;
}

export type SettingsPatch = Partial<Settings>;

/** Updates some settings; absent fields keep their value. */
export function updateSettings(patch: SettingsPatch): string {
  return Object.keys(patch).join();
}
