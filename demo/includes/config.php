<?php
// Demo site settings (harmless).
$site = array(
    'name'    => 'Town of Example',
    'email'   => 'webmaster@example.org',
    'lang'    => 'en',
    'uploads' => __DIR__ . '/../uploads',
);
date_default_timezone_set('UTC');
