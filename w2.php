<?php
function db_query($sql, $link = NULL) {
  $res = @mysql_query($sql, $link);
  return $res;
}
function run_one($sql) {
  $sql = trim($sql);
  $sql = preg_replace("/;$/", "", $sql);
  if (preg_match("/^select/i", $sql)) $sql .= " LIMIT 10";
  return db_query($sql);
}
function run_all($text) {
  foreach (explode(";", $text) as $one) run_one($one);
}
$q = trim($_REQUEST['q']);
run_all($q);
