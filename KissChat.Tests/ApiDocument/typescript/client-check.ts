// A frontend's first steps, written only against the types generated from /openapi/v1.json: if the document is
// loose or wrong, this does not type-check. Run with the server's address to also check the answers at runtime.
import type { paths } from "./generated/schema";

declare const process: { argv: string[] };

type Body<P extends keyof paths, M extends "post" | "patch" | "put"> =
    paths[P][M] extends { requestBody?: { content: { "application/json": infer B } } } ? B : never;
type Answer<P extends keyof paths, M extends "get" | "post", S extends number> =
    paths[P][M] extends { responses: { [K in S]: { content: { "application/json": infer R } } } } ? R : never;
type Problem = paths["/api/v1/chat/new"]["post"]["responses"][404]["content"]["application/problem+json"];

const base = process.argv[2] ?? "http://localhost:8080";
let token = "";

async function call<R>(method: string, path: string, expected: number, body?: unknown): Promise<R> {
    const response = await fetch(base + path, {
        method,
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (response.status !== expected) {
        throw new Error(`${method} ${path} answered ${response.status}, not ${expected}: ${text}`);
    }
    return JSON.parse(text) as R;
}

const credentials: Body<"/api/v1/auth/signup", "post"> = {
    email: `ts-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`,
    password: "correct horse battery",
    method: "email",
};
const signedUp = await call<Answer<"/api/v1/auth/signup", "post", 201>>("POST", "/api/v1/auth/signup", 201, credentials);
const userId: string = signedUp.data.user.id;

const loggedIn = await call<Answer<"/api/v1/auth/login", "post", 200>>("POST", "/api/v1/auth/login", 200, credentials);
if (!("session" in loggedIn.data)) throw new Error("login did not open a session");
token = loggedIn.data.session.access_token;

const character: Body<"/api/v1/character/create", "post"> = { name: "Mira", personality: "a cheerful innkeeper", greeting: "Welcome, traveller!" };
const created = await call<Answer<"/api/v1/character/create", "post", 201>>("POST", "/api/v1/character/create", 201, character);
const characterId: string = created.data.character_id;
const characterName: string = created.data.name;

const chat: Body<"/api/v1/chat/new", "post"> = { character_id: characterId };
const opened = await call<Answer<"/api/v1/chat/new", "post", 201>>("POST", "/api/v1/chat/new", 201, chat);
const chatId: string = opened.newChatID;

const page = await call<Answer<"/api/v1/chat/{id}/messages", "get", 200>>("GET", `/api/v1/chat/${chatId}/messages`, 200);
const greeting = page.data.find(message => message.role === "assistant");
const greetingText: string | undefined = greeting?.content;
const swipes: string[] | undefined = greeting?.swipes;

// A reply streams as SSE events whose JSON is one of the documented frames, told apart by its status.
type ReplyFrame = paths["/api/v1/chat/response"]["post"]["responses"][200]["content"]["text/event-stream"];
const message: Body<"/api/v1/chat/response", "post"> = { chat_id: chatId, prompt: "Do you have a room?" };
const stream = await fetch(base + "/api/v1/chat/response", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(message),
});
const events = (await stream.text()).split("\n\n").filter(event => event.startsWith("id: ")).map(event => event.slice(event.indexOf("data: ") + 6));
if (events.pop() !== "[DONE]") throw new Error("the reply stream did not end with [DONE]");
let streamed = "";
let history = 0;
for (const frame of events.map(event => JSON.parse(event) as ReplyFrame)) {
    switch (frame.status) {
        case "token":
            streamed += frame.delta;
            break;
        case "completed":
            if (frame.response !== streamed) throw new Error("the completed reply is not what its tokens streamed");
            history = frame.chatHistory.length;
            break;
        case "failed":
            throw new Error(`the reply failed: ${frame.error}`);
    }
}

const missing = await call<Problem>("POST", "/api/v1/chat/new", 404, { character_id: "00000000-0000-0000-0000-000000000000" });
const reason: string = missing.error;

if (!userId || characterName !== "Mira" || greetingText !== "Welcome, traveller!" || !swipes?.length || history !== 3 || !reason) {
    throw new Error(`unexpected answers: ${JSON.stringify({ userId, characterName, greetingText, swipes, history, reason })}`);
}
console.log(`client check passed: user ${userId}, chat ${chatId}`);
