// The upload form works without this script; with it, the file's upload progress is shown while it is sent.
(function () {
  var form = document.getElementById("import-form");
  if (!form || !window.FormData || !window.XMLHttpRequest) { return; }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var box = document.getElementById("progress-box");
    var bar = document.getElementById("progress");
    var text = document.getElementById("progress-text");
    var button = form.querySelector("button[type=submit]");
    box.hidden = false;
    button.disabled = true;
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) {
        var percent = Math.round(e.loaded * 100 / e.total);
        bar.value = percent;
        bar.textContent = percent + " %";
        text.textContent = percent < 100 ? "отправлено " + percent + " %" : "файл отправлен, строки проверяются…";
      }
    });
    xhr.addEventListener("load", function () {
      // The server answered with the report page (after its redirect) or with the form and the refusal.
      if (xhr.responseURL && xhr.responseURL.indexOf("/office/import/report") !== -1) {
        window.location.assign(xhr.responseURL);
      } else {
        document.open(); document.write(xhr.responseText); document.close();
      }
    });
    xhr.addEventListener("error", function () {
      text.textContent = "Связь прервалась: файл не загружен. Повторите попытку.";
      button.disabled = false;
    });
    xhr.send(new FormData(form));
  });
})();
