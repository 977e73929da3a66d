<?php
// Demo web root start page (harmless).
require __DIR__ . '/includes/config.php';
require __DIR__ . '/includes/header.php';

$news = array(
    array('date' => '2021-03-01', 'title' => 'Library opening hours extended'),
    array('date' => '2021-02-15', 'title' => 'Snow clearing schedule'),
    array('date' => '2021-02-01', 'title' => 'New recycling point at the harbour'),
);
$page = isset($_GET['page']) ? max(1, (int) $_GET['page']) : 1;
?>
<main>
  <h1><?php echo htmlspecialchars($site['name'], ENT_QUOTES, 'UTF-8'); ?></h1>
  <ul class="news">
  <?php foreach ($news as $item): ?>
    <li><time><?= htmlspecialchars($item['date']) ?></time> <?= htmlspecialchars($item['title']) ?></li>
  <?php endforeach; ?>
  </ul>
  <p>Page <?= $page ?></p>
</main>
<?php require __DIR__ . '/includes/footer.php'; ?>
