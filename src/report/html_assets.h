/*
 * html_assets.h - the fixed parts of the HTML report: its style sheet and
 * the small script behind the findings filters.  Both are inline and
 * allowed by their SHA-256 in the page's Content-Security-Policy, which
 * forbids everything else (no network, no other script, no images): an
 * attacker-chosen file name that slipped past escaping still could not run.
 */
#ifndef SS_HTML_ASSETS_H
#define SS_HTML_ASSETS_H

static const char html_style[] =
    "body{font:16px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;color:#1b1b1b;background:#fff}"
    "main,.wrap{max-width:72rem;margin:0 auto;padding:0 1rem 2rem}.wrap{padding-bottom:0}"
    "h1{margin:.2rem 0;font-size:2rem}h2{margin-top:2rem;border-bottom:2px solid #ddd}"
    ".banner{padding:1.2rem 1rem;color:#fff}.banner p{margin:.3rem 0}"
    ".v-compromised{background:#b00020}.v-suspicious{background:#b45f06}.v-no-evidence{background:#1e6b34}"
    ".banner ul{margin:.4rem 0 0 1.2rem;padding:0}"
    ".incomplete{background:#fff3cd;color:#5c4400;padding:.6rem 1rem;border-left:6px solid #e0a800}"
    ".scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.92rem}"
    "th,td{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}"
    "td.path{font-family:ui-monospace,Consolas,monospace;word-break:break-all}"
    ".sev-critical{color:#b00020;font-weight:700}.sev-high{color:#c0392b;font-weight:700}"
    ".sev-medium{color:#b45f06}.sev-low{color:#555}"
    ".st-missing,.st-vulnerable{color:#b00020;font-weight:700}.st-found,.st-fixed{color:#1e6b34}"
    "#filters{display:flex;flex-wrap:wrap;gap:.5rem;margin:.5rem 0}#filters[hidden]{display:none}"
    "select,input{font:inherit;padding:.2rem}svg{width:100%;height:auto;background:#fafafa}"
    "footer{color:#555;font-size:.85rem;margin-top:2rem}"
    "@media (max-width:40rem){body{font-size:15px}h1{font-size:1.5rem}"
    "#findings table,#findings tbody,#findings tr,#findings td{display:block}#findings thead{display:none}"
    "#findings tr{border-bottom:2px solid #ddd;padding:.3rem 0}#findings td{border:0;padding:.1rem .3rem}"
    "#findings tr[hidden]{display:none}}"
    "@media print{#filters{display:none}.banner{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
    "tr[hidden]{display:table-row}a{color:inherit}}";

static const char html_script[] =
    "(function(){var s=document.getElementById('f-sev'),k=document.getElementById('f-kind'),"
    "q=document.getElementById('f-q'),n=document.getElementById('f-n'),"
    "rows=document.querySelectorAll('#findings tbody tr');"
    "function apply(){var ms=+s.value,mk=k.value,mq=q.value.toLowerCase(),shown=0;"
    "rows.forEach(function(r){var ok=+r.dataset.sev>=ms&&(mk===''||r.dataset.kind===mk)&&"
    "(mq===''||r.textContent.toLowerCase().indexOf(mq)>=0);r.hidden=!ok;if(ok)shown++;});"
    "n.textContent=shown+' of '+rows.length+' shown';}"
    "s.addEventListener('change',apply);k.addEventListener('change',apply);q.addEventListener('input',apply);"
    "document.getElementById('filters').hidden=false;apply();})();";

#endif
