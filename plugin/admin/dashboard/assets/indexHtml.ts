/** The dashboard's only page; everything else is drawn by the scripts from the admin API. */
export const INDEX_HTML = String.raw`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>lendwire operations</title>
<link rel="stylesheet" href="assets/dashboard.css">
</head>
<body>
<header>
  <h1>lendwire</h1>
  <nav id="nav" hidden>
    <a href="#/overview" data-view="overview">Overview</a>
    <a href="#/applications" data-view="applications">Applications</a>
    <a href="#/deliveries" data-view="deliveries">Deliveries</a>
    <a href="#/dead-letters" data-view="dead-letters">Dead letters</a>
    <a href="#/subscriptions" data-view="subscriptions" data-needs="opsRead">Subscriptions</a>
    <a href="#/review" data-view="review" data-needs="opsRead">Review queue</a>
    <a href="#/audit" data-view="audit" data-needs="opsRead">Audit log</a>
  </nav>
  <div id="who"></div>
</header>
<main id="main">
  <form id="signin" class="card" hidden>
    <h2>Sign in</h2>
    <p>Paste the bearer token your DMS gave you (the demo prints some).</p>
    <input id="token" type="password" autocomplete="off" placeholder="token" aria-label="token">
    <button type="submit">Sign in</button>
    <p id="signin-error" class="error"></p>
  </form>
  <div id="view"></div>
</main>
<div id="toast" role="status" aria-live="polite"></div>
<script src="assets/core.js"></script>
<script src="assets/views-main.js"></script>
<script src="assets/views-ops.js"></script>
<script src="assets/start.js"></script>
</body>
</html>
`;
