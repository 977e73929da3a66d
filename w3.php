<?php
$conn = new mysqli($_POST['host'], $_POST['user'], $_POST['pass']);
$query = $_POST["query"];
$result = $conn->query($query);
