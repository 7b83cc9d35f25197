// The baseline of `cargo xtask bench`: config.json, then the same API call
// as the console's first page of 100 rows, inserted by plain DOM calls.
(async () => {
  const config = await (await fetch('config.json')).json();
  const base = config.api_base_url.replace(/\/$/, '');
  const url = `${base}/v2/${encodeURIComponent(config.project_id)}/terminals/binding-desktops?offset=0&limit=100`;
  const body = await (await fetch(url, { headers: { Accept: 'application/json' } })).json();
  const tbody = document.querySelector('tbody');
  for (const row of body.bind_list) {
    const tr = document.createElement('tr');
    for (const text of [row.desktop_name, row.mac, row.description, row.id]) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.appendChild(td);
    }
    tbody.appendChild(tr);
  }
})();
