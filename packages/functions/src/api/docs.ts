/** A self-contained API reference page: no CDN, so it works on a government
 * intranet. It renders the OpenAPI document in the browser. */
export function docsPage(specUrl: string) {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>API 文档 / API reference</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:0 auto;max-width:1000px;padding:24px;color:#1f1f1f}
h1{font-size:22px} .op{border:1px solid #d9d9d9;border-radius:6px;margin:12px 0;padding:12px}
.m{display:inline-block;min-width:60px;font-weight:600;text-transform:uppercase}
.get{color:#1677ff}.post{color:#389e0d}.patch{color:#d48806}.put{color:#d48806}.delete{color:#cf1322}
code{background:#f5f5f5;padding:1px 4px;border-radius:3px} pre{background:#fafafa;padding:8px;overflow:auto;font-size:12px}
.perm{font-size:12px;color:#595959}
</style></head><body>
<h1>跨部门综合监管平台 API 文档 / API reference</h1>
<p>OpenAPI: <a href="${specUrl}"><code>${specUrl}</code></a>。所有接口（标注“公开”的除外）需 <code>Authorization: Bearer &lt;token&gt;</code>。</p>
<div id="ops">加载中…</div>
<script>
fetch(${JSON.stringify(specUrl)}).then(r=>r.json()).then(spec=>{
  const esc=s=>String(s).replace(/[&<>]/g,c=>({"&":"&amp;","<":"&lt;",">":"&gt;"}[c]));
  const out=[];
  for(const [path,item] of Object.entries(spec.paths||{})){
    for(const [method,op] of Object.entries(item)){
      const body=op.requestBody?.content?.["application/json"]?.schema;
      out.push('<div class="op"><span class="m '+method+'">'+method+'</span> <code>'+esc(path)+'</code> — '+esc(op.summary||"")+
        '<div class="perm">'+(op["x-permission"]?'权限 / permission: <code>'+esc(op["x-permission"])+'</code>':'公开 / public')+'</div>'+
        (op.parameters?.length?'<pre>'+esc(JSON.stringify(op.parameters,null,1))+'</pre>':'')+
        (body?'<pre>'+esc(JSON.stringify(body,null,1))+'</pre>':'')+'</div>');
    }
  }
  document.getElementById("ops").innerHTML=out.join("");
});
</script></body></html>`;
}
