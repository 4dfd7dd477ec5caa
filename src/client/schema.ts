/**
 * The REST API's paths, parameters, bodies and answers as TypeScript types, generated from the
 * OpenAPI document (docs/openapi.json) by openapi-typescript. Do not edit: run
 * `npm run generate:client` after changing a route.
 */
export interface paths {
    "/api/v1/push-notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List notifications, newest first, with filters and page/limit pagination */
        get: operations["getApiV1PushNotifications"];
        put?: never;
        /**
         * Send a notification to one user (all of their active devices)
         * @description Answers 201 as soon as the notification is stored, with its current status (usually queued). With ?wait=true it answers once Expo accepted (sent) or refused (failed) it; with ?wait=receipt once the receipt settled it (delivered/failed), which needs a receipt delay (PUSHGATE_RECEIPT_DELAY_MS, 15 min by default) shorter than timeout_ms: with the defaults it ends with Pushgate-Wait: timeout, so use ?wait=true for a synchronous answer. Idempotency-Key supported; a replay has the first answer's status, body, Location and Pushgate-Wait.
         */
        post: operations["postApiV1PushNotifications"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/push-notifications/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One notification with its deliveries (one per device) */
        get: operations["getApiV1PushNotificationsId"];
        /** Record that the app opened the notification ({"status":"opened"}; no other status may be set) */
        put: operations["putApiV1PushNotificationsId"];
        post?: never;
        /** Delete a notification record (deliveries not yet sent are dropped with it) */
        delete: operations["deleteApiV1PushNotificationsId"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/push-notifications/api/v1/push-notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List notifications, newest first, with filters and page/limit pagination */
        get: operations["getApiV1PushNotificationsApiV1PushNotifications"];
        put?: never;
        /**
         * Send a notification to one user (all of their active devices)
         * @description Answers 201 as soon as the notification is stored, with its current status (usually queued). With ?wait=true it answers once Expo accepted (sent) or refused (failed) it; with ?wait=receipt once the receipt settled it (delivered/failed), which needs a receipt delay (PUSHGATE_RECEIPT_DELAY_MS, 15 min by default) shorter than timeout_ms: with the defaults it ends with Pushgate-Wait: timeout, so use ?wait=true for a synchronous answer. Idempotency-Key supported; a replay has the first answer's status, body, Location and Pushgate-Wait.
         */
        post: operations["postApiV1PushNotificationsApiV1PushNotifications"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/push-notifications/api/v1/push-notifications/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One notification with its deliveries (one per device) */
        get: operations["getApiV1PushNotificationsApiV1PushNotificationsId"];
        /** Record that the app opened the notification ({"status":"opened"}; no other status may be set) */
        put: operations["putApiV1PushNotificationsApiV1PushNotificationsId"];
        post?: never;
        /** Delete a notification record (deliveries not yet sent are dropped with it) */
        delete: operations["deleteApiV1PushNotificationsApiV1PushNotificationsId"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/push-notifications/api/v1/push-notifications/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send one notification to many users (fan-out)
         * @description Stores one notification per user with an active device and answers 201 at once (delivered/failed count what is already known, usually 0). Paused users and users without devices are skipped. Idempotency-Key supported; ?wait=true holds the answer until every notification is sent or failed.
         */
        post: operations["postApiV1PushNotificationsApiV1PushNotificationsBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/push-notifications/api/v1/push-notifications/batch/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Progress of a batch: its notifications counted by status */
        get: operations["getApiV1PushNotificationsApiV1PushNotificationsBatchId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/push-notifications/api/v1/push-notifications/device-tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Register a user's Expo push token (many devices per user) */
        post: operations["postApiV1PushNotificationsApiV1PushNotificationsDeviceTokens"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/push-notifications/api/v1/push-notifications/device-tokens/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a device token (404 when unknown) */
        delete: operations["deleteApiV1PushNotificationsApiV1PushNotificationsDeviceTokensToken"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/push-notifications/api/v1/push-notifications/device-tokens/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register many tokens at once (up to 25000 a request), with a result per item
         * @description For a backend moving its own token table to Pushgate. Each item is checked and stored like POST /device-tokens; a refused item (bad token, unknown field) is reported in its result and the others are stored. Answers 200 with a result per item, in request order. Idempotency-Key supported.
         */
        post: operations["postApiV1PushNotificationsApiV1PushNotificationsDeviceTokensImport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/push-notifications/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send one notification to many users (fan-out)
         * @description Stores one notification per user with an active device and answers 201 at once (delivered/failed count what is already known, usually 0). Paused users and users without devices are skipped. Idempotency-Key supported; ?wait=true holds the answer until every notification is sent or failed.
         */
        post: operations["postApiV1PushNotificationsBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/push-notifications/batch/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Progress of a batch: its notifications counted by status */
        get: operations["getApiV1PushNotificationsBatchId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/push-notifications/device-tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Register a user's Expo push token (many devices per user) */
        post: operations["postApiV1PushNotificationsDeviceTokens"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/push-notifications/device-tokens/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a device token (404 when unknown) */
        delete: operations["deleteApiV1PushNotificationsDeviceTokensToken"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/push-notifications/device-tokens/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register many tokens at once (up to 25000 a request), with a result per item
         * @description For a backend moving its own token table to Pushgate. Each item is checked and stored like POST /device-tokens; a refused item (bad token, unknown field) is reported in its result and the others are stored. Answers 200 with a result per item, in request order. Idempotency-Key supported.
         */
        post: operations["postApiV1PushNotificationsDeviceTokensImport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{userId}/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A user's notifications, newest first, by cursor */
        get: operations["getApiV1UsersUserIdNotifications"];
        put?: never;
        post?: never;
        /** Delete all of a user's notification records (and cancel what was still queued) */
        delete: operations["deleteApiV1UsersUserIdNotifications"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{userId}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pause a user: sends answer 409 UserPaused (until POST /api/v1/users/{userId}/resume); queued notifications that come due while paused are dropped */
        post: operations["postApiV1UsersUserIdPause"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{userId}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resume a paused user: what is still queued goes out when due (what came due while paused was dropped) */
        post: operations["postApiV1UsersUserIdResume"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{userId}/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A user's devices and whether sending to them is paused */
        get: operations["getApiV1UsersUserIdStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/docs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This API as a browsable page */
        get: operations["getDocs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process answers */
        get: operations["getHealthz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics (text format) */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This API as an OpenAPI 3.1 document */
        get: operations["getOpenapiJson"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: the database answers, every migration is applied and writes succeed (503 otherwise, with a code saying why) */
        get: operations["getReadyz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description Error */
        Error: {
            error: {
                /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                code: string;
                /** @description Structured details (e.g. the invalid fields) */
                details?: unknown;
                /** @description Human-readable explanation */
                message: string;
            };
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getApiV1PushNotifications: {
        parameters: {
            query?: {
                /** @description Only notifications of this batch */
                batch_id?: string;
                /** @description Created at or after this time (ISO-8601) */
                from?: string;
                /** @description Page size, 1..200 (default 20) */
                limit?: number;
                /** @description 1-based page number (default 1) */
                page?: number;
                /** @description Only this status */
                status?: "queued" | "sending" | "retrying" | "sent" | "delivered" | "failed" | "maybe_delivered" | "canceled" | "opened";
                /** @description Created before this time (ISO-8601) */
                to?: string;
                /** @description Only this user */
                user_id?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            batch_id: string | null;
                            body: string | null;
                            /** @description ISO-8601 UTC */
                            created_at: string;
                            data: {
                                [key: string]: unknown;
                            } | null;
                            id: string;
                            opened_at: string | null;
                            /** @description Not sent before this time */
                            send_at: string;
                            /** @description When Expo first accepted it; null until then */
                            sent_at: string | null;
                            /**
                             * @description See "Status values" in docs/rest-api.md
                             * @enum {string}
                             */
                            status: "queued" | "sending" | "retrying" | "sent" | "delivered" | "failed" | "maybe_delivered" | "canceled" | "opened";
                            title: string | null;
                            /** @description ISO-8601 UTC */
                            updated_at: string;
                            user_id: string;
                        }[];
                        pagination: {
                            limit: number;
                            page: number;
                            total: number;
                        };
                    };
                };
            };
            /** @description Invalid request (ValidationError, UnknownField, UnknownParameter, InvalidJson, InvalidToken, TooManyUserIds, NestingTooDeep, ForbiddenKey, ...) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
        };
    };
    postApiV1PushNotifications: {
        parameters: {
            query?: {
                /** @description How long ?wait may hold the request, ms (1..60000, default 10000) */
                timeout_ms?: number;
                /** @description true: answer once Expo accepted (sent) or refused (failed) it; receipt: once the receipt settled it (delivered/failed); bounded by timeout_ms. Receipts are first checked PUSHGATE_RECEIPT_DELAY_MS after sending (15 min by default, longer than the largest timeout_ms), so with the defaults receipt ends with Pushgate-Wait: timeout; use true for a synchronous answer */
                wait?: "0" | "1" | "true" | "false" | "receipt";
            };
            header?: {
                /** @description A repeat within 24 h returns the first answer and queues nothing new (1..255 visible ASCII characters) */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    _contentAvailable?: boolean;
                    badge?: number;
                    body?: string;
                    categoryId?: string;
                    channelId?: string;
                    collapseId?: string;
                    contentAvailable?: boolean;
                    /** @description JSON object delivered to the app */
                    data?: {
                        [key: string]: unknown;
                    };
                    expiration?: number;
                    /** @description Fields Expo added after this version of Pushgate, sent to Expo as they are beside the others (e.g. {"newField": 1}); a field listed here must be given at the top level instead */
                    expo?: {
                        [key: string]: unknown;
                    };
                    filterCriteria?: string;
                    icon?: string;
                    /** @enum {string} */
                    interruptionLevel?: "active" | "critical" | "passive" | "time-sensitive";
                    mutableContent?: boolean;
                    /** @enum {string} */
                    priority?: "default" | "normal" | "high";
                    relevanceScore?: number;
                    richContent?: {
                        image?: string;
                    };
                    /**
                     * Format: date-time
                     * @description Do not send before this time (default: now)
                     */
                    send_at?: string;
                    sound?: (string | {
                        critical?: boolean;
                        name?: string | null;
                        volume?: number;
                    }) | null;
                    subtitle?: string;
                    tag?: string;
                    targetContentId?: string;
                    threadId?: string;
                    title?: string;
                    ttl?: number;
                    /** @description Your identifier of the user (1 to 255 characters) */
                    user_id: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        batch_id: string | null;
                        body: string | null;
                        /** @description The whole Expo message as stored (without `to`) */
                        content: {
                            [key: string]: unknown;
                        };
                        /** @description ISO-8601 UTC */
                        created_at: string;
                        data: {
                            [key: string]: unknown;
                        } | null;
                        deliveries: {
                            /** @description Expo requests that carried it */
                            attempts: number;
                            completed_at: string | null;
                            device_id: string;
                            device_token: string;
                            /** @description Expo's code (DeviceNotRegistered, MessageTooBig, ...) or Pushgate's */
                            error_code: string | null;
                            error_message: string | null;
                            id: string;
                            next_attempt_at: string | null;
                            /** @description null when the device has since been removed */
                            platform: ("ios" | "android" | "web" | "unknown") | null;
                            sent_at: string | null;
                            /** @enum {string} */
                            state: "queued" | "sending" | "retrying" | "sent" | "delivered" | "failed" | "maybe_delivered" | "canceled";
                            ticket_id: string | null;
                        }[];
                        /** @description The first device's token (the contract's field) */
                        device_token: string | null;
                        id: string;
                        opened_at: string | null;
                        /** @description The first device's platform (the contract's field) */
                        platform: ("ios" | "android" | "web" | "unknown") | null;
                        /** @description Not sent before this time */
                        send_at: string;
                        /** @description When Expo first accepted it; null until then */
                        sent_at: string | null;
                        /**
                         * @description See "Status values" in docs/rest-api.md
                         * @enum {string}
                         */
                        status: "queued" | "sending" | "retrying" | "sent" | "delivered" | "failed" | "maybe_delivered" | "canceled" | "opened";
                        title: string | null;
                        /** @description ISO-8601 UTC */
                        updated_at: string;
                        user_id: string;
                    };
                };
            };
            /** @description Invalid request (ValidationError, UnknownField, UnknownParameter, InvalidJson, InvalidToken, TooManyUserIds, NestingTooDeep, ForbiddenKey, ...) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
            /** @description Conflict (UserPaused, InvalidTransition) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
            /** @description Too large (MessageTooBig, PayloadTooLarge) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
            /** @description Unprocessable (NoActiveDevices, IdempotencyKeyReused) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
        };
    };
    getApiV1PushNotificationsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id returned when it was created */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        batch_id: string | null;
                        body: string | null;
                        /** @description The whole Expo message as stored (without `to`) */
                        content: {
                            [key: string]: unknown;
                        };
                        /** @description ISO-8601 UTC */
                        created_at: string;
                        data: {
                            [key: string]: unknown;
                        } | null;
                        deliveries: {
                            /** @description Expo requests that carried it */
                            attempts: number;
                            completed_at: string | null;
                            device_id: string;
                            device_token: string;
                            /** @description Expo's code (DeviceNotRegistered, MessageTooBig, ...) or Pushgate's */
                            error_code: string | null;
                            error_message: string | null;
                            id: string;
                            next_attempt_at: string | null;
                            /** @description null when the device has since been removed */
                            platform: ("ios" | "android" | "web" | "unknown") | null;
                            sent_at: string | null;
                            /** @enum {string} */
                            state: "queued" | "sending" | "retrying" | "sent" | "delivered" | "failed" | "maybe_delivered" | "canceled";
                            ticket_id: string | null;
                        }[];
                        /** @description The first device's token (the contract's field) */
                        device_token: string | null;
                        id: string;
                        opened_at: string | null;
                        /** @description The first device's platform (the contract's field) */
                        platform: ("ios" | "android" | "web" | "unknown") | null;
                        /** @description Not sent before this time */
                        send_at: string;
                        /** @description When Expo first accepted it; null until then */
                        sent_at: string | null;
                        /**
                         * @description See "Status values" in docs/rest-api.md
                         * @enum {string}
                         */
                        status: "queued" | "sending" | "retrying" | "sent" | "delivered" | "failed" | "maybe_delivered" | "canceled" | "opened";
                        title: string | null;
                        /** @description ISO-8601 UTC */
                        updated_at: string;
                        user_id: string;
                    };
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
            /** @description Unknown id */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
        };
    };
    putApiV1PushNotificationsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id returned when it was created */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: date-time
                     * @description When the app opened it (default: now)
                     */
                    opened_at?: string;
                    /**
                     * @description "opened": the app reported the notification opened (the only status a client may set)
                     * @enum {string}
                     */
                    status: "opened";
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        opened_at: string;
                        /** @constant */
                        status: "opened";
                        updated_at: string;
                    };
                };
            };
            /** @description Invalid request (ValidationError, UnknownField, UnknownParameter, InvalidJson, InvalidToken, TooManyUserIds, NestingTooDeep, ForbiddenKey, ...) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
            /** @description Unknown id */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
            /** @description Conflict (UserPaused, InvalidTransition) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
        };
    };
    deleteApiV1PushNotificationsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id returned when it was created */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        deleted: true;
                        id: string;
                    };
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
            /** @description Unknown id */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
        };
    };
    getApiV1PushNotificationsApiV1PushNotifications: {
        parameters: {
            query?: {
                /** @description Only notifications of this batch */
                batch_id?: string;
                /** @description Created at or after this time (ISO-8601) */
                from?: string;
                /** @description Page size, 1..200 (default 20) */
                limit?: number;
                /** @description 1-based page number (default 1) */
                page?: number;
                /** @description Only this status */
                status?: "queued" | "sending" | "retrying" | "sent" | "delivered" | "failed" | "maybe_delivered" | "canceled" | "opened";
                /** @description Created before this time (ISO-8601) */
                to?: string;
                /** @description Only this user */
                user_id?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            batch_id: string | null;
                            body: string | null;
                            /** @description ISO-8601 UTC */
                            created_at: string;
                            data: {
                                [key: string]: unknown;
                            } | null;
                            id: string;
                            opened_at: string | null;
                            /** @description Not sent before this time */
                            send_at: string;
                            /** @description When Expo first accepted it; null until then */
                            sent_at: string | null;
                            /**
                             * @description See "Status values" in docs/rest-api.md
                             * @enum {string}
                             */
                            status: "queued" | "sending" | "retrying" | "sent" | "delivered" | "failed" | "maybe_delivered" | "canceled" | "opened";
                            title: string | null;
                            /** @description ISO-8601 UTC */
                            updated_at: string;
                            user_id: string;
                        }[];
                        pagination: {
                            limit: number;
                            page: number;
                            total: number;
                        };
                    };
                };
            };
            /** @description Invalid request (ValidationError, UnknownField, UnknownParameter, InvalidJson, InvalidToken, TooManyUserIds, NestingTooDeep, ForbiddenKey, ...) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
        };
    };
    postApiV1PushNotificationsApiV1PushNotifications: {
        parameters: {
            query?: {
                /** @description How long ?wait may hold the request, ms (1..60000, default 10000) */
                timeout_ms?: number;
                /** @description true: answer once Expo accepted (sent) or refused (failed) it; receipt: once the receipt settled it (delivered/failed); bounded by timeout_ms. Receipts are first checked PUSHGATE_RECEIPT_DELAY_MS after sending (15 min by default, longer than the largest timeout_ms), so with the defaults receipt ends with Pushgate-Wait: timeout; use true for a synchronous answer */
                wait?: "0" | "1" | "true" | "false" | "receipt";
            };
            header?: {
                /** @description A repeat within 24 h returns the first answer and queues nothing new (1..255 visible ASCII characters) */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    _contentAvailable?: boolean;
                    badge?: number;
                    body?: string;
                    categoryId?: string;
                    channelId?: string;
                    collapseId?: string;
                    contentAvailable?: boolean;
                    /** @description JSON object delivered to the app */
                    data?: {
                        [key: string]: unknown;
                    };
                    expiration?: number;
                    /** @description Fields Expo added after this version of Pushgate, sent to Expo as they are beside the others (e.g. {"newField": 1}); a field listed here must be given at the top level instead */
                    expo?: {
                        [key: string]: unknown;
                    };
                    filterCriteria?: string;
                    icon?: string;
                    /** @enum {string} */
                    interruptionLevel?: "active" | "critical" | "passive" | "time-sensitive";
                    mutableContent?: boolean;
                    /** @enum {string} */
                    priority?: "default" | "normal" | "high";
                    relevanceScore?: number;
                    richContent?: {
                        image?: string;
                    };
                    /**
                     * Format: date-time
                     * @description Do not send before this time (default: now)
                     */
                    send_at?: string;
                    sound?: (string | {
                        critical?: boolean;
                        name?: string | null;
                        volume?: number;
                    }) | null;
                    subtitle?: string;
                    tag?: string;
                    targetContentId?: string;
                    threadId?: string;
                    title?: string;
                    ttl?: number;
                    /** @description Your identifier of the user (1 to 255 characters) */
                    user_id: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        batch_id: string | null;
                        body: string | null;
                        /** @description The whole Expo message as stored (without `to`) */
                        content: {
                            [key: string]: unknown;
                        };
                        /** @description ISO-8601 UTC */
                        created_at: string;
                        data: {
                            [key: string]: unknown;
                        } | null;
                        deliveries: {
                            /** @description Expo requests that carried it */
                            attempts: number;
                            completed_at: string | null;
                            device_id: string;
                            device_token: string;
                            /** @description Expo's code (DeviceNotRegistered, MessageTooBig, ...) or Pushgate's */
                            error_code: string | null;
                            error_message: string | null;
                            id: string;
                            next_attempt_at: string | null;
                            /** @description null when the device has since been removed */
                            platform: ("ios" | "android" | "web" | "unknown") | null;
                            sent_at: string | null;
                            /** @enum {string} */
                            state: "queued" | "sending" | "retrying" | "sent" | "delivered" | "failed" | "maybe_delivered" | "canceled";
                            ticket_id: string | null;
                        }[];
                        /** @description The first device's token (the contract's field) */
                        device_token: string | null;
                        id: string;
                        opened_at: string | null;
                        /** @description The first device's platform (the contract's field) */
                        platform: ("ios" | "android" | "web" | "unknown") | null;
                        /** @description Not sent before this time */
                        send_at: string;
                        /** @description When Expo first accepted it; null until then */
                        sent_at: string | null;
                        /**
                         * @description See "Status values" in docs/rest-api.md
                         * @enum {string}
                         */
                        status: "queued" | "sending" | "retrying" | "sent" | "delivered" | "failed" | "maybe_delivered" | "canceled" | "opened";
                        title: string | null;
                        /** @description ISO-8601 UTC */
                        updated_at: string;
                        user_id: string;
                    };
                };
            };
            /** @description Invalid request (ValidationError, UnknownField, UnknownParameter, InvalidJson, InvalidToken, TooManyUserIds, NestingTooDeep, ForbiddenKey, ...) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
            /** @description Conflict (UserPaused, InvalidTransition) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
            /** @description Too large (MessageTooBig, PayloadTooLarge) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
            /** @description Unprocessable (NoActiveDevices, IdempotencyKeyReused) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
        };
    };
    getApiV1PushNotificationsApiV1PushNotificationsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id returned when it was created */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        batch_id: string | null;
                        body: string | null;
                        /** @description The whole Expo message as stored (without `to`) */
                        content: {
                            [key: string]: unknown;
                        };
                        /** @description ISO-8601 UTC */
                        created_at: string;
                        data: {
                            [key: string]: unknown;
                        } | null;
                        deliveries: {
                            /** @description Expo requests that carried it */
                            attempts: number;
                            completed_at: string | null;
                            device_id: string;
                            device_token: string;
                            /** @description Expo's code (DeviceNotRegistered, MessageTooBig, ...) or Pushgate's */
                            error_code: string | null;
                            error_message: string | null;
                            id: string;
                            next_attempt_at: string | null;
                            /** @description null when the device has since been removed */
                            platform: ("ios" | "android" | "web" | "unknown") | null;
                            sent_at: string | null;
                            /** @enum {string} */
                            state: "queued" | "sending" | "retrying" | "sent" | "delivered" | "failed" | "maybe_delivered" | "canceled";
                            ticket_id: string | null;
                        }[];
                        /** @description The first device's token (the contract's field) */
                        device_token: string | null;
                        id: string;
                        opened_at: string | null;
                        /** @description The first device's platform (the contract's field) */
                        platform: ("ios" | "android" | "web" | "unknown") | null;
                        /** @description Not sent before this time */
                        send_at: string;
                        /** @description When Expo first accepted it; null until then */
                        sent_at: string | null;
                        /**
                         * @description See "Status values" in docs/rest-api.md
                         * @enum {string}
                         */
                        status: "queued" | "sending" | "retrying" | "sent" | "delivered" | "failed" | "maybe_delivered" | "canceled" | "opened";
                        title: string | null;
                        /** @description ISO-8601 UTC */
                        updated_at: string;
                        user_id: string;
                    };
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
            /** @description Unknown id */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
        };
    };
    putApiV1PushNotificationsApiV1PushNotificationsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id returned when it was created */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: date-time
                     * @description When the app opened it (default: now)
                     */
                    opened_at?: string;
                    /**
                     * @description "opened": the app reported the notification opened (the only status a client may set)
                     * @enum {string}
                     */
                    status: "opened";
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        opened_at: string;
                        /** @constant */
                        status: "opened";
                        updated_at: string;
                    };
                };
            };
            /** @description Invalid request (ValidationError, UnknownField, UnknownParameter, InvalidJson, InvalidToken, TooManyUserIds, NestingTooDeep, ForbiddenKey, ...) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
            /** @description Unknown id */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
            /** @description Conflict (UserPaused, InvalidTransition) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
        };
    };
    deleteApiV1PushNotificationsApiV1PushNotificationsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id returned when it was created */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        deleted: true;
                        id: string;
                    };
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
            /** @description Unknown id */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
        };
    };
    postApiV1PushNotificationsApiV1PushNotificationsBatch: {
        parameters: {
            query?: {
                /** @description How long ?wait may hold the request, ms (1..60000, default 10000) */
                timeout_ms?: number;
                /** @description true: answer once Expo accepted or refused every notification of the batch (bounded by timeout_ms) */
                wait?: "0" | "1" | "true" | "false";
            };
            header?: {
                /** @description A repeat within 24 h returns the first answer and queues nothing new (1..255 visible ASCII characters) */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Expo push message fields (all optional). An unknown field is refused; put fields Expo adds later inside "expo" */
                    payload: {
                        _contentAvailable?: boolean;
                        badge?: number;
                        body?: string;
                        categoryId?: string;
                        channelId?: string;
                        collapseId?: string;
                        contentAvailable?: boolean;
                        /** @description JSON object delivered to the app */
                        data?: {
                            [key: string]: unknown;
                        };
                        expiration?: number;
                        /** @description Fields Expo added after this version of Pushgate, sent to Expo as they are beside the others (e.g. {"newField": 1}); a field listed here must be given at the top level instead */
                        expo?: {
                            [key: string]: unknown;
                        };
                        filterCriteria?: string;
                        icon?: string;
                        /** @enum {string} */
                        interruptionLevel?: "active" | "critical" | "passive" | "time-sensitive";
                        mutableContent?: boolean;
                        /** @enum {string} */
                        priority?: "default" | "normal" | "high";
                        relevanceScore?: number;
                        richContent?: {
                            image?: string;
                        };
                        sound?: (string | {
                            critical?: boolean;
                            name?: string | null;
                            volume?: number;
                        }) | null;
                        subtitle?: string;
                        tag?: string;
                        targetContentId?: string;
                        threadId?: string;
                        title?: string;
                        ttl?: number;
                    };
                    /**
                     * Format: date-time
                     * @description Do not send before this time (default: now)
                     */
                    send_at?: string;
                    /** @description 1 to 10000 user ids; repeated ids count once */
                    user_ids: string[];
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        batch_id: string;
                        /** @description Notifications whose receipt confirmed delivery (or that were opened) */
                        delivered: number;
                        /** @description Notifications Expo refused (ticket or receipt error) or that ran out of retries */
                        failed: number;
                        /** @description Notifications still queued, sending or retrying */
                        in_progress: number;
                        /** @description Users a notification was stored for */
                        queued: number;
                        /** @description Notifications Expo accepted, receipt not yet checked */
                        sent: number;
                        /** @description When the batch was accepted */
                        sent_at: string;
                        /** @description Users paused or without an active device (nothing stored) */
                        skipped: number;
                        /** @description Users paused or without an active device */
                        skipped_user_ids: string[];
                        /** @description Notifications of the batch by status */
                        statuses: {
                            [key: string]: number;
                        };
                        /** @description Distinct user ids in the request */
                        total: number;
                    };
                };
            };
            /** @description Invalid request (ValidationError, UnknownField, UnknownParameter, InvalidJson, InvalidToken, TooManyUserIds, NestingTooDeep, ForbiddenKey, ...) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
            /** @description Too large (MessageTooBig, PayloadTooLarge) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
        };
    };
    getApiV1PushNotificationsApiV1PushNotificationsBatchId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id returned when it was created */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        batch_id: string;
                        /** @description Notifications whose receipt confirmed delivery (or that were opened) */
                        delivered: number;
                        /** @description Notifications Expo refused (ticket or receipt error) or that ran out of retries */
                        failed: number;
                        /** @description Notifications still queued, sending or retrying */
                        in_progress: number;
                        /** @description Users a notification was stored for */
                        queued: number;
                        /** @description Notifications Expo accepted, receipt not yet checked */
                        sent: number;
                        /** @description When the batch was accepted */
                        sent_at: string;
                        /** @description Users paused or without an active device (nothing stored) */
                        skipped: number;
                        /** @description Notifications of the batch by status */
                        statuses: {
                            [key: string]: number;
                        };
                        /** @description Distinct user ids in the request */
                        total: number;
                    };
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
            /** @description Unknown id */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
        };
    };
    postApiV1PushNotificationsApiV1PushNotificationsDeviceTokens: {
        parameters: {
            query?: never;
            header?: {
                /** @description A repeat within 24 h returns the first answer and queues nothing new (1..255 visible ASCII characters) */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Device language, e.g. en or pt-BR. Omitted or null: keeps the language already known for this token; null for a new token */
                    language?: string | null;
                    /**
                     * @description Omitted (or "unknown"): keeps the platform already known for this token; "unknown" for a new token
                     * @enum {string}
                     */
                    platform?: "ios" | "android" | "web" | "unknown";
                    /** @description An Expo push token */
                    token: string;
                    /** @description Your identifier of the user (1 to 255 characters) */
                    user_id: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description false once Expo reported DeviceNotRegistered */
                        active: boolean;
                        id: string;
                        language: string | null;
                        /** @enum {string} */
                        platform: "ios" | "android" | "web" | "unknown";
                        /** @description ISO-8601 UTC */
                        registered_at: string;
                        token: string;
                        user_id: string;
                    };
                };
            };
            /** @description Invalid request (ValidationError, UnknownField, UnknownParameter, InvalidJson, InvalidToken, TooManyUserIds, NestingTooDeep, ForbiddenKey, ...) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
        };
    };
    deleteApiV1PushNotificationsApiV1PushNotificationsDeviceTokensToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The Expo push token (URL-encoded or not) */
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        deleted: true;
                        token: string;
                        user_id: string;
                    };
                };
            };
            /** @description Invalid request (ValidationError, UnknownField, UnknownParameter, InvalidJson, InvalidToken, TooManyUserIds, NestingTooDeep, ForbiddenKey, ...) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
            /** @description Unknown id */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
        };
    };
    postApiV1PushNotificationsApiV1PushNotificationsDeviceTokensImport: {
        parameters: {
            query?: never;
            header?: {
                /** @description A repeat within 24 h returns the first answer and queues nothing new (1..255 visible ASCII characters) */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description 1 to 25000 registrations, each like POST /device-tokens */
                    tokens: {
                        /** @description Device language, e.g. en or pt-BR. Omitted or null: keeps the language already known for this token; null for a new token */
                        language?: string | null;
                        /**
                         * @description Omitted (or "unknown"): keeps the platform already known for this token; "unknown" for a new token
                         * @enum {string}
                         */
                        platform?: "ios" | "android" | "web" | "unknown";
                        /** @description An Expo push token */
                        token: string;
                        /** @description Your identifier of the user (1 to 255 characters) */
                        user_id: string;
                    }[];
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Items refused (see their error) */
                        refused: number;
                        /** @description Items stored */
                        registered: number;
                        results: {
                            /** @description The device, when registered */
                            device_id?: string;
                            /** @description Why it was refused */
                            error?: {
                                code: string;
                                message: string;
                            };
                            /** @description Position in the request */
                            index: number;
                            /** @enum {string} */
                            status: "registered" | "refused";
                            /** @description The item's token (null when it had none) */
                            token: string | null;
                        }[];
                    };
                };
            };
            /** @description Invalid request (ValidationError, UnknownField, UnknownParameter, InvalidJson, InvalidToken, TooManyUserIds, NestingTooDeep, ForbiddenKey, ...) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
            /** @description Too large (MessageTooBig, PayloadTooLarge) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
        };
    };
    postApiV1PushNotificationsBatch: {
        parameters: {
            query?: {
                /** @description How long ?wait may hold the request, ms (1..60000, default 10000) */
                timeout_ms?: number;
                /** @description true: answer once Expo accepted or refused every notification of the batch (bounded by timeout_ms) */
                wait?: "0" | "1" | "true" | "false";
            };
            header?: {
                /** @description A repeat within 24 h returns the first answer and queues nothing new (1..255 visible ASCII characters) */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Expo push message fields (all optional). An unknown field is refused; put fields Expo adds later inside "expo" */
                    payload: {
                        _contentAvailable?: boolean;
                        badge?: number;
                        body?: string;
                        categoryId?: string;
                        channelId?: string;
                        collapseId?: string;
                        contentAvailable?: boolean;
                        /** @description JSON object delivered to the app */
                        data?: {
                            [key: string]: unknown;
                        };
                        expiration?: number;
                        /** @description Fields Expo added after this version of Pushgate, sent to Expo as they are beside the others (e.g. {"newField": 1}); a field listed here must be given at the top level instead */
                        expo?: {
                            [key: string]: unknown;
                        };
                        filterCriteria?: string;
                        icon?: string;
                        /** @enum {string} */
                        interruptionLevel?: "active" | "critical" | "passive" | "time-sensitive";
                        mutableContent?: boolean;
                        /** @enum {string} */
                        priority?: "default" | "normal" | "high";
                        relevanceScore?: number;
                        richContent?: {
                            image?: string;
                        };
                        sound?: (string | {
                            critical?: boolean;
                            name?: string | null;
                            volume?: number;
                        }) | null;
                        subtitle?: string;
                        tag?: string;
                        targetContentId?: string;
                        threadId?: string;
                        title?: string;
                        ttl?: number;
                    };
                    /**
                     * Format: date-time
                     * @description Do not send before this time (default: now)
                     */
                    send_at?: string;
                    /** @description 1 to 10000 user ids; repeated ids count once */
                    user_ids: string[];
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        batch_id: string;
                        /** @description Notifications whose receipt confirmed delivery (or that were opened) */
                        delivered: number;
                        /** @description Notifications Expo refused (ticket or receipt error) or that ran out of retries */
                        failed: number;
                        /** @description Notifications still queued, sending or retrying */
                        in_progress: number;
                        /** @description Users a notification was stored for */
                        queued: number;
                        /** @description Notifications Expo accepted, receipt not yet checked */
                        sent: number;
                        /** @description When the batch was accepted */
                        sent_at: string;
                        /** @description Users paused or without an active device (nothing stored) */
                        skipped: number;
                        /** @description Users paused or without an active device */
                        skipped_user_ids: string[];
                        /** @description Notifications of the batch by status */
                        statuses: {
                            [key: string]: number;
                        };
                        /** @description Distinct user ids in the request */
                        total: number;
                    };
                };
            };
            /** @description Invalid request (ValidationError, UnknownField, UnknownParameter, InvalidJson, InvalidToken, TooManyUserIds, NestingTooDeep, ForbiddenKey, ...) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
            /** @description Too large (MessageTooBig, PayloadTooLarge) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
        };
    };
    getApiV1PushNotificationsBatchId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id returned when it was created */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        batch_id: string;
                        /** @description Notifications whose receipt confirmed delivery (or that were opened) */
                        delivered: number;
                        /** @description Notifications Expo refused (ticket or receipt error) or that ran out of retries */
                        failed: number;
                        /** @description Notifications still queued, sending or retrying */
                        in_progress: number;
                        /** @description Users a notification was stored for */
                        queued: number;
                        /** @description Notifications Expo accepted, receipt not yet checked */
                        sent: number;
                        /** @description When the batch was accepted */
                        sent_at: string;
                        /** @description Users paused or without an active device (nothing stored) */
                        skipped: number;
                        /** @description Notifications of the batch by status */
                        statuses: {
                            [key: string]: number;
                        };
                        /** @description Distinct user ids in the request */
                        total: number;
                    };
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
            /** @description Unknown id */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
        };
    };
    postApiV1PushNotificationsDeviceTokens: {
        parameters: {
            query?: never;
            header?: {
                /** @description A repeat within 24 h returns the first answer and queues nothing new (1..255 visible ASCII characters) */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Device language, e.g. en or pt-BR. Omitted or null: keeps the language already known for this token; null for a new token */
                    language?: string | null;
                    /**
                     * @description Omitted (or "unknown"): keeps the platform already known for this token; "unknown" for a new token
                     * @enum {string}
                     */
                    platform?: "ios" | "android" | "web" | "unknown";
                    /** @description An Expo push token */
                    token: string;
                    /** @description Your identifier of the user (1 to 255 characters) */
                    user_id: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description false once Expo reported DeviceNotRegistered */
                        active: boolean;
                        id: string;
                        language: string | null;
                        /** @enum {string} */
                        platform: "ios" | "android" | "web" | "unknown";
                        /** @description ISO-8601 UTC */
                        registered_at: string;
                        token: string;
                        user_id: string;
                    };
                };
            };
            /** @description Invalid request (ValidationError, UnknownField, UnknownParameter, InvalidJson, InvalidToken, TooManyUserIds, NestingTooDeep, ForbiddenKey, ...) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
        };
    };
    deleteApiV1PushNotificationsDeviceTokensToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The Expo push token (URL-encoded or not) */
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        deleted: true;
                        token: string;
                        user_id: string;
                    };
                };
            };
            /** @description Invalid request (ValidationError, UnknownField, UnknownParameter, InvalidJson, InvalidToken, TooManyUserIds, NestingTooDeep, ForbiddenKey, ...) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
            /** @description Unknown id */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
        };
    };
    postApiV1PushNotificationsDeviceTokensImport: {
        parameters: {
            query?: never;
            header?: {
                /** @description A repeat within 24 h returns the first answer and queues nothing new (1..255 visible ASCII characters) */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description 1 to 25000 registrations, each like POST /device-tokens */
                    tokens: {
                        /** @description Device language, e.g. en or pt-BR. Omitted or null: keeps the language already known for this token; null for a new token */
                        language?: string | null;
                        /**
                         * @description Omitted (or "unknown"): keeps the platform already known for this token; "unknown" for a new token
                         * @enum {string}
                         */
                        platform?: "ios" | "android" | "web" | "unknown";
                        /** @description An Expo push token */
                        token: string;
                        /** @description Your identifier of the user (1 to 255 characters) */
                        user_id: string;
                    }[];
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Items refused (see their error) */
                        refused: number;
                        /** @description Items stored */
                        registered: number;
                        results: {
                            /** @description The device, when registered */
                            device_id?: string;
                            /** @description Why it was refused */
                            error?: {
                                code: string;
                                message: string;
                            };
                            /** @description Position in the request */
                            index: number;
                            /** @enum {string} */
                            status: "registered" | "refused";
                            /** @description The item's token (null when it had none) */
                            token: string | null;
                        }[];
                    };
                };
            };
            /** @description Invalid request (ValidationError, UnknownField, UnknownParameter, InvalidJson, InvalidToken, TooManyUserIds, NestingTooDeep, ForbiddenKey, ...) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
            /** @description Too large (MessageTooBig, PayloadTooLarge) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
        };
    };
    getApiV1UsersUserIdNotifications: {
        parameters: {
            query?: {
                /** @description next_cursor of the previous page */
                cursor?: string;
                /** @description Page size, 1..200 (default 50) */
                limit?: number;
            };
            header?: never;
            path: {
                /** @description Your identifier of the user (1 to 255 characters) */
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            batch_id: string | null;
                            body: string | null;
                            /** @description ISO-8601 UTC */
                            created_at: string;
                            data: {
                                [key: string]: unknown;
                            } | null;
                            id: string;
                            opened_at: string | null;
                            /** @description Not sent before this time */
                            send_at: string;
                            /** @description When Expo first accepted it; null until then */
                            sent_at: string | null;
                            /**
                             * @description See "Status values" in docs/rest-api.md
                             * @enum {string}
                             */
                            status: "queued" | "sending" | "retrying" | "sent" | "delivered" | "failed" | "maybe_delivered" | "canceled" | "opened";
                            title: string | null;
                            /** @description ISO-8601 UTC */
                            updated_at: string;
                            user_id: string;
                        }[];
                        /** @description null on the last page */
                        next_cursor: string | null;
                    };
                };
            };
            /** @description Invalid request (ValidationError, UnknownField, UnknownParameter, InvalidJson, InvalidToken, TooManyUserIds, NestingTooDeep, ForbiddenKey, ...) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
        };
    };
    deleteApiV1UsersUserIdNotifications: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Your identifier of the user (1 to 255 characters) */
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        deleted: number;
                        user_id: string;
                    };
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
        };
    };
    postApiV1UsersUserIdPause: {
        parameters: {
            query?: never;
            header?: {
                /** @description A repeat within 24 h returns the first answer and queues nothing new (1..255 visible ASCII characters) */
                "Idempotency-Key"?: string;
            };
            path: {
                /** @description Your identifier of the user (1 to 255 characters) */
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        paused: true;
                        user_id: string;
                        /** @description The user's deliveries waiting to be sent: dropped (canceled, code Paused) if they come due while the user is still paused */
                        waiting: number;
                    };
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
        };
    };
    postApiV1UsersUserIdResume: {
        parameters: {
            query?: never;
            header?: {
                /** @description A repeat within 24 h returns the first answer and queues nothing new (1..255 visible ASCII characters) */
                "Idempotency-Key"?: string;
            };
            path: {
                /** @description Your identifier of the user (1 to 255 characters) */
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        paused: false;
                        user_id: string;
                    };
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
        };
    };
    getApiV1UsersUserIdStatus: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Your identifier of the user (1 to 255 characters) */
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        active_devices: number;
                        devices: {
                            /** @description false once Expo reported DeviceNotRegistered */
                            active: boolean;
                            deactivation_reason: string | null;
                            id: string;
                            language: string | null;
                            /** @description ISO-8601 UTC */
                            last_seen_at: string;
                            /** @enum {string} */
                            platform: "ios" | "android" | "web" | "unknown";
                            /** @description ISO-8601 UTC */
                            registered_at: string;
                            token: string;
                            user_id: string;
                        }[];
                        /** @description At least one active device */
                        has_token: boolean;
                        paused: boolean;
                        user_id: string;
                    };
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
        };
    };
    getDocs: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getHealthz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        status: "ok";
                    };
                };
            };
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
        };
    };
    getOpenapiJson: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getReadyz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        engine: "running" | "stopped" | "none";
                        /** @constant */
                        status: "ready";
                        store: string;
                    };
                };
            };
            /** @description Not ready / shutting down */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description Stable machine-readable code, e.g. ValidationError, NotFound, MessageTooBig */
                            code: string;
                            /** @description Structured details (e.g. the invalid fields) */
                            details?: unknown;
                            /** @description Human-readable explanation */
                            message: string;
                        };
                    };
                };
            };
        };
    };
}
