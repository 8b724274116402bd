// Starts Swagger UI on Parley's own OpenAPI document. A file of its own rather than an inline script, so the page
// runs under a Content-Security-Policy that allows scripts from this server only.
'use strict';

window.ui = SwaggerUIBundle({
  url: '/openapi',
  dom_id: '#swagger-ui',
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
  // the default validator is another site: the document is validated by Parley's own tests instead
  validatorUrl: null,
  requestInterceptor: function (request) {
    if (request.loadSpec) {
      request.headers.Accept = 'application/json';
    }
    return request;
  }
});
