/** JSON and time formats shared by every feature: one configured mapper and the Chat API's timestamp shapes. */
package dev.parley.json;
