/**
 * The admin API's credentials: the admin token, configured or generated once, or an admin account's session; the
 * filter that checks them and records who acts.
 */
package dev.parley.admin;
