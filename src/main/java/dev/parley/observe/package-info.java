/**
 * What operators and integrators ask the server about itself, rather than about chats: its health for load
 * balancers, its metrics, and the OpenAPI document of the whole HTTP API, hand-written next to the routes it
 * describes and checked against them by a test.
 */
package dev.parley.observe;
