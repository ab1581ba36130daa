// The memory engine. Every function takes the acting user explicitly.
export { addMemory, MAX_MEMORY_CHARS, type AddOptions } from "./add";
export { getOrCreateApp, getWritableApp, listApps, getApp, updateApp, type AppOut } from "./apps";
export { askMemory, type Answer } from "./ask";
export { CATEGORIES, CATEGORY_NAMES, classifyLocally, type CategoryName } from "./categories";
export { retryPendingEmbeddings } from "./embedding-jobs";
export { getMemory, listMemories, listCategories, memoryAccessLog, memoryHistory, relatedMemories, type ListOptions, type Page } from "./read";
export { searchMemories, reciprocalRankFusion, type SearchOptions } from "./search";
export { changeState, deleteAllMemories, updateMemoryText, type StateAction } from "./state";
export { memoryStats } from "./stats";
export { exportMemories, importMemories, ImportError, parseImport } from "./transfer";
export { MemoryError, MEMORY_STATES, type AddResult, type MemoryActor, type MemoryOut, type SearchHit, type MemoryState } from "./types";
