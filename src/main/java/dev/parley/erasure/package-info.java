/**
 * The erasure of one client (a data subject's request): everything Parley holds on it goes in one transaction, after
 * which every read of the client looks like one of a client never seen.
 */
package dev.parley.erasure;
