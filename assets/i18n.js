// Sets <html lang> (and dir) to the language of the page shown: the server writes it into the first page,
// this keeps it right when the view changes language without a reload. A file, not an inline script (CSP).
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    i18n: {
        setDocumentLang: function (lang) {
            if (typeof lang === "string" && /^[a-z]{2,3}$/.test(lang)) {
                document.documentElement.lang = lang;
                document.documentElement.dir = ["ar", "fa", "he", "ur"].indexOf(lang) >= 0 ? "rtl" : "ltr";
            }
            return lang;
        }
    }
});
