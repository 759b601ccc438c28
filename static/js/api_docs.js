// The API's documentation page: Swagger UI renders /api/openapi.json.
// Reading only: no "Try it out" (a request sent from here would act in the
// reader's name), and no call to Swagger's online validator.
(function () {
  var element = document.getElementById("swagger-ui");
  if (!element || !window.SwaggerUIBundle) return;
  window.SwaggerUIBundle({
    url: element.dataset.url,
    domNode: element,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    supportedSubmitMethods: [],
    validatorUrl: null,
    deepLinking: false,
    defaultModelsExpandDepth: 0,
    docExpansion: "list",
  });
})();
