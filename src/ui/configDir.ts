// A relative CLAUDE_CONFIG_DIR leaves no one place to read or write (see ClaudeLocation): every action checks here first.
import * as vscode from 'vscode';
import type { ClaudeLocation } from '../credentials/location';
import { relativeConfigDirMessage } from './words/loginStates';

/** False (and the user told why) when this machine's Claude folder cannot be used. */
export function locationUsable(location: ClaudeLocation): boolean {
  if (!location.configDirIsRelative) return true;
  void vscode.window.showErrorMessage(relativeConfigDirMessage(location.configDir));
  return false;
}
