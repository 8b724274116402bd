/** The admin API's credential: the admin token, configured or generated once, and the filter that checks it. */
package dev.parley.admin;
