/** The docs page's stylesheet, served as a file of its own (the page's CSP allows no inline style). */
export const DOCS_STYLESHEET = `
body { font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 72rem; padding: 1rem 2rem; color: #1d2330; }
header nav ul { display: flex; flex-wrap: wrap; gap: 1rem; list-style: none; padding: 0; }
h1 small { color: #667; font-weight: normal; font-size: 1rem; }
h2 { border-bottom: 2px solid #dde; padding-bottom: .25rem; margin-top: 2.5rem; text-transform: capitalize; }
section.operation, section.schema { border: 1px solid #e3e5ec; border-radius: 6px; padding: .5rem 1rem; margin: 1rem 0; }
h3 { font-size: 1rem; margin: .5rem 0; }
.method { display: inline-block; min-width: 4rem; text-align: center; border-radius: 4px; padding: 0 .4rem; color: #fff; background: #556; }
.method.get { background: #2f6fb0; } .method.post { background: #2f8f4e; } .method.patch { background: #a86b00; } .method.delete { background: #b03030; }
.required { color: #b03030; font-size: .8rem; }
.roles { color: #556; font-size: .9rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; font-size: .9rem; }
th, td { text-align: left; border-bottom: 1px solid #eef; padding: .25rem .5rem; vertical-align: top; }
code { background: #f3f4f8; padding: 0 .2rem; border-radius: 3px; }
pre { background: #f3f4f8; padding: .75rem; overflow: auto; font-size: .85rem; }
ul.answers { padding-left: 1.2rem; }
`;
