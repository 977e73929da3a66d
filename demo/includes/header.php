<?php
// Demo page header (harmless).
$title = isset($title) ? $title : $site['name'];
?><!DOCTYPE html>
<html lang="<?= htmlspecialchars($site['lang']) ?>">
<head>
  <meta charset="utf-8">
  <title><?= htmlspecialchars($title, ENT_QUOTES, 'UTF-8') ?></title>
  <link rel="stylesheet" href="css/style.css">
</head>
<body>
<header><img src="images/logo.png" alt="" width="48" height="32"> <a href="index.php">Home</a> | <a href="contact.aspx">Contact</a></header>
