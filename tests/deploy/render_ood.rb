# Renders an Open OnDemand batch-connect app's templates as OnDemand does, for the tests:
#   submit.yml.erb with the form's values as local names; template/*.erb with `context` (the form values);
#   view.html.erb with the session's host, port and password.
# Usage: ruby render_ood.rb APP OUT CONTEXT.json [VIEW.json]
require "erb"
require "json"
require "ostruct"
require "fileutils"

app, out, context_file, view_file = ARGV
values = JSON.parse(File.read(context_file))
context = OpenStruct.new(values)
FileUtils.mkdir_p(out)

def render(path, binding_or_hash)
  template = ERB.new(File.read(path), trim_mode: "-")
  binding_or_hash.is_a?(Hash) ? template.result_with_hash(binding_or_hash) : template.result(binding_or_hash)
end

File.write(File.join(out, "submit.yml"), render(File.join(app, "submit.yml.erb"), values.transform_keys(&:to_sym)))
Dir.glob(File.join(app, "template", "*.erb")).each do |path|
  target = File.join(out, File.basename(path, ".erb"))
  File.write(target, render(path, binding))
  File.chmod(0o755, target)
end
if view_file
  File.write(File.join(out, "view.html"), render(File.join(app, "view.html.erb"), JSON.parse(File.read(view_file)).transform_keys(&:to_sym)))
end
