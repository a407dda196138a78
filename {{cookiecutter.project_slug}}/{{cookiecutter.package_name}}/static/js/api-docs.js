// Starts Swagger UI on /api/docs. A file of its own, not an inline script,
// so that the page's Content-Security-Policy needs no 'unsafe-inline'.
const root = document.getElementById("swagger-ui");
window.ui = SwaggerUIBundle({
  url: root.dataset.document,
  domNode: root,
  deepLinking: true,
  persistAuthorization: false,
});
