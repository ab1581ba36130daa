// The memory engine. Every function takes the actor explicitly (actor.ts); which
// memories it may see is decided in scope.ts alone.
import "server-only";
export { agentActor, connectorActor, dashboardActor, gatewayActor, isAssistant, DASHBOARD_APP, CLOSED_POLICY, OPEN_POLICY, type ActorVia, type CredentialPolicy, type MemoryActor } from "./actor";
export { logAccess } from "./access-log";
export { addMemory, MAX_MEMORY_CHARS, type AddOptions } from "./add";
export { actorApp, actorAppId, getOrCreateApp, writableApp, listAppNames, listApps, getApp, updateApp, type AppOut } from "./apps";
export { askMemory, type Answer } from "./ask";
export { browseMemories, MAX_SEARCH_MATCHES } from "./browse";
export { CATEGORIES, CATEGORY_NAMES, classifyLocally, type CategoryName } from "./categories";
export { categoryOptions } from "./shared";
export { retryPendingEmbeddings } from "./embedding-jobs";
export { getMemory, listMemories, memoriesByIds, listCategories, memoryAccessLog, memoryHistory, relatedMemories, type HistoryEntry, type ListOptions, type Page } from "./read";
export { ALL_STATES, NOT_DELETED } from "./scope";
export { searchMemories, searchMemoriesReport, reciprocalRankFusion, type SearchDegraded, type SearchOptions } from "./search";
export { changeState, confirmDeleteAll, deleteAllMemories, DELETE_ALL_CONFIRMATION_MS, previewDeleteAll, updateMemoryText, type DeleteAllPreview, type StateAction } from "./state";
export { AWAITS_REVIEW_NOTE, countOpenReviews, decideReviews, listReviews, writesReviewed, type Decision, type ReviewOut } from "./review";
export { gatewayActorWithStoredPolicy, gatewayClientPolicy, policyOut, resolvedActor, sensitiveCategories, setSensitiveCategories, type PolicyOut } from "./trust";
export { memoryStats } from "./stats";
export { exportMemories, importMemories, ImportError, parseImport } from "./transfer";
export { MemoryError, MEMORY_STATES, type AddResult, type Author, type MemoryOut, type SearchHit, type MemoryState } from "./types";
export { boundDate, leadingDate, parseQueryWindow } from "./time";
export { activitySummary, memoriesRead, memoriesWritten, readAnomaly, ANOMALY_FACTOR, ANOMALY_MIN_READS, type CredentialActivity, type CredentialKind, type CredentialRef, type ReadAnomaly, type ReadMemory } from "./activity";
export { purgeDateOf, purgeTrash, trashPage } from "./trash";
