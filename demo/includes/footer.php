<?php
// Demo page footer (harmless).
?>
<footer>&copy; <?= date('Y') ?> <?= htmlspecialchars($site['name']) ?> &middot; <a href="mailto:<?= htmlspecialchars($site['email']) ?>">Contact the webmaster</a></footer>
</body>
</html>
