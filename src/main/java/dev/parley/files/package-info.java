/**
 * Attachments a client uploads for its conversation: checked against the configured size and types (the bytes, not
 * only the claimed type), stored in the database so every node reaches them, and served under an unguessable id.
 */
package dev.parley.files;
