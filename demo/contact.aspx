<%@ Page Language="C#" AutoEventWireup="true" %>
<%-- Demo contact page (harmless). --%>
<script runat="server">
    protected void Page_Load(object sender, EventArgs e)
    {
        string topic = Request.QueryString["topic"];
        lblTopic.Text = Server.HtmlEncode(string.IsNullOrEmpty(topic) ? "general" : topic);
    }
    protected void btnSend_Click(object sender, EventArgs e)
    {
        lblDone.Text = "Thank you, " + Server.HtmlEncode(txtName.Text) + ". We will answer within a week.";
    }
</script>
<!DOCTYPE html>
<html>
<head runat="server"><title>Contact</title><link rel="stylesheet" href="css/style.css" /></head>
<body>
<form id="form1" runat="server">
  <p>Topic: <asp:Label ID="lblTopic" runat="server" /></p>
  <asp:TextBox ID="txtName" runat="server" />
  <asp:TextBox ID="txtMessage" runat="server" TextMode="MultiLine" Rows="5" />
  <asp:Button ID="btnSend" runat="server" Text="Send" OnClick="btnSend_Click" />
  <asp:Label ID="lblDone" runat="server" />
</form>
</body>
</html>
