// The part of the SARIF 2.1.0 object model that gohazard writes (names as in the standard).

export type Level = 'error' | 'warning' | 'note' | 'none';

export interface Message {
  text: string;
}

export interface Log {
  $schema: string;
  version: '2.1.0';
  runs: Run[];
}

export interface Run {
  tool: { driver: ToolComponent };
  invocations: Invocation[];
  originalUriBaseIds: Record<string, { uri?: string; description?: Message }>;
  columnKind: 'utf16CodeUnits' | 'unicodeCodePoints';
  results: Result[];
  properties?: Record<string, unknown>;
}

export interface ToolComponent {
  name: string;
  version?: string;
  semanticVersion?: string;
  informationUri?: string;
  rules?: ReportingDescriptor[];
}

export interface ReportingDescriptor {
  id: string;
  name?: string;
  shortDescription?: Message;
  helpUri?: string;
  defaultConfiguration?: { level: Level };
  properties?: Record<string, unknown>;
}

export interface Invocation {
  executionSuccessful: boolean;
  toolExecutionNotifications: Notification[];
}

export interface Notification {
  level: Level;
  message: Message;
  locations?: Location[];
}

export interface Result {
  ruleId: string;
  ruleIndex: number;
  level: Level;
  message: Message;
  locations: Location[];
  relatedLocations?: Location[];
  fixes?: Fix[];
  partialFingerprints?: Record<string, string>;
  properties?: Record<string, unknown>;
}

export interface Location {
  id?: number;
  physicalLocation: PhysicalLocation;
  message?: Message;
}

export interface PhysicalLocation {
  artifactLocation: { uri: string; uriBaseId?: string };
  region?: Region;
}

/** Lines and columns are 1-based; columns count code points (the run's columnKind). */
export interface Region {
  startLine?: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
  byteOffset?: number;
  byteLength?: number;
}

export interface Fix {
  description: Message;
  artifactChanges: { artifactLocation: { uri: string; uriBaseId?: string }; replacements: Replacement[] }[];
  properties?: Record<string, unknown>;
}

export interface Replacement {
  deletedRegion: Region;
  insertedContent: { text: string };
}
