import JSON
import Testing

@testable import MappingTemplates

func render(
    _ source: String, body: String = "", path: [(name: String, value: String)] = [], query: [(name: String, value: String)] = [],
    header: [(name: String, value: String)] = [], context: JSONObject = [:], stageVariables: [(name: String, value: String)] = [],
    limits: TemplateLimits = .aws
) throws -> String {
    try VelocityTemplate(source, limits: limits).render(
        TemplateInput(body: body, path: path, querystring: query, header: header, context: context, stageVariables: stageVariables)
    ).body
}

/// The Velocity language as API Gateway runs it.
struct VelocityLanguageTests {
    @Test func textAndReferences() throws {
        #expect(try render("plain text") == "plain text")
        #expect(try render("#set($a = 'x')$a ${a} $!a $!{a}") == "x x x x")
        #expect(try render("#set($a = 'x')${a}y $a.") == "xy x.")
        // API Gateway prints null and undefined references as nothing.
        #expect(try render("[$missing][$!missing][${missing.a.b}]") == "[][][]")
        // A `$` or `#` that starts nothing is text.
        #expect(try render("cost: $5 # not a directive #notone $") == "cost: $5 # not a directive #notone $")
        #expect(try render(##"#set($a = 1)\$a \#set"##) == "$a #set")
    }

    @Test func comments() throws {
        #expect(try render("a## gone\nb") == "a\nb")
        #expect(try render("a#* many\nlines *#b") == "ab")
        #expect(try render("#[[ $raw #if ]]#") == " $raw #if ")
    }

    @Test func stringLiterals() throws {
        #expect(try render(#"#set($n = "Rex")#set($s = "hi $n")#set($t = 'hi $n')$s|$t"#) == "hi Rex|hi $n")
        #expect(try render(#"#set($s = "say ""hi""")$s"#) == #"say "hi""#)
        // Backslashes stay as written (Velocity 1.7), as AWS's replaceAll("\\'","'") advice needs.
        #expect(try render(#"#set($s = "a\\'b")$s"#) == #"a\\'b"#)
    }

    @Test func literals() throws {
        #expect(try render("#set($l = [1, 'two', true])$l $l.size()") == "[1, two, true] 3")
        #expect(try render("#set($m = {'a': 1, 'b': [2, 3]})$m $m.a $m.b.get(1)") == "{a=1, b=[2, 3]} 1 3")
        #expect(try render("#set($r = [1..4])$r #set($d = [3..1])$d") == "[1, 2, 3, 4] [3, 2, 1]")
        #expect(try render("#set($x = 2.50)$x #set($y = -3)$y") == "2.5 -3")
    }

    @Test func arithmeticFollowsJava() throws {
        #expect(try render("#set($a = 7 / 2)$a #set($b = 7.0 / 2)$b #set($c = 7 % 3)$c") == "3 3.5 1")
        #expect(try render("#set($a = 2 + 3 * 4)$a #set($b = (2 + 3) * 4)$b") == "14 20")
        #expect(try render("#set($a = 'n' + 1)$a #set($b = 1 + 'n')$b") == "n1 1n")
        // Division by zero gives null, and #set keeps the previous value for a null.
        #expect(try render("#set($a = 1)#set($a = 1 / 0)$a") == "1")
        #expect(try render("#set($big = 9223372036854775807 + 1)$big") == "9.223372036854776E18")
    }

    @Test func conditionsAndOperators() throws {
        let template = "#if($n < 10)small#elseif($n ge 10 && $n lt 100)medium#{else}large#end"
        #expect(try render("#set($n = 5)" + template) == "small")
        #expect(try render("#set($n = 50)" + template) == "medium")
        #expect(try render("#set($n = 500)" + template) == "large")
        #expect(try render("#if($missing)yes#{else}no#end #if(!$missing)yes#end #if(not $missing and true)yes#end") == "no yes yes")
        // Velocity 1.7: only null and false are false.
        #expect(try render("#if('')empty string is true#end") == "empty string is true")
        #expect(try render("#if(1 == 1.0)eq#end #if('1' == 1)str#end #if($x == $y)nulls#end #if('a' != 'b')ne#end") == "eq str nulls ne")
        #expect(try render("#if('abc' < 'abd')lt#end #if(2 <= 2 || false)le#end") == "lt le")
    }

    @Test func foreachAndItsVariables() throws {
        let template = "#foreach($x in ['a', 'b', 'c'])$foreach.index:$foreach.count:$velocityCount:$x#if($foreach.hasNext),#end#end"
        #expect(try render(template) == "0:1:1:a,1:2:2:b,2:3:3:c")
        #expect(try render("#foreach($x in [1..5])#if($x == 3)#break#end$x#end") == "12")
        #expect(try render("#foreach($v in {'a': 1, 'b': 2})$v#end") == "12")
        #expect(try render("#foreach($v in $nothing)x#end.") == ".")
        // The loop variable is restored afterwards.
        #expect(try render("#set($x = 'before')#foreach($x in [1])$x#end $x") == "1 before")
        // Nested loops each have their own $foreach.
        #expect(try render("#foreach($a in [1, 2])#foreach($b in [1, 2])$foreach.count#end$foreach.count;#end") == "121;122;")
    }

    @Test func stopAndDefine() throws {
        #expect(try render("a#stop b") == "a")
        #expect(try render("#foreach($x in [1, 2])$x#stop#end after") == "1")
        #expect(try render("#define($greet)hi $name#end#set($name = 'Ann')$greet, #set($name = 'Bob')$greet") == "hi Ann, hi Bob")
    }

    @Test func directivesAloneOnTheirLineLeaveNoBlankLines() throws {
        let template = """
            {
              #set($a = 1)
              #if($a == 1)
              "a": $a
              #end
            }
            """
        #expect(try render(template) == "{\n  \"a\": 1\n}")
    }

    @Test func setOnPropertiesAndIndices() throws {
        #expect(try render("#set($m = {})#set($m.a = 1)#set($m['b'] = 2)$m") == "{a=1, b=2}")
        #expect(try render("#set($l = [1, 2])#set($l[0] = 9)$l") == "[9, 2]")
        #expect(try render("#set($l = [])#set($ignored = $l.add('x'))$l $l.size()") == "[x] 1")
    }

    @Test func syntaxErrorsHaveLineAndColumn() {
        do {
            _ = try VelocityTemplate("line one\n#if($a == )\n#end")
            Issue.record("expected a syntax error")
        } catch {
            #expect(error.line == 2)
            #expect(error.column > 1)
        }
        #expect(throws: TemplateSyntaxError.self) { try VelocityTemplate("#if(true) never closed") }
        #expect(throws: TemplateSyntaxError.self) { try VelocityTemplate("#end") }
        #expect(throws: TemplateSyntaxError.self) { try VelocityTemplate("#set($a = 'unterminated)") }
        #expect(throws: TemplateSyntaxError.self) { try VelocityTemplate("$input.path('$[?(@.a ==')") }
        #expect(throws: TemplateSyntaxError.self) { try VelocityTemplate("$s.replaceAll('(', 'x')") }
    }
}

/// Java semantics of the methods templates call.
struct JavaMethodTests {
    @Test func stringMethods() throws {
        let s = "#set($s = ' Hello, World ')"
        #expect(try render(s + "$s.length() $s.trim() $s.toLowerCase().trim() $s.toUpperCase().trim()") == "14 Hello, World hello, world HELLO, WORLD")
        #expect(try render(s + "$s.trim().substring(7) $s.trim().substring(0, 5) $s.indexOf('o') $s.lastIndexOf('o') $s.indexOf('zz')") == "World Hello 5 9 -1")
        #expect(try render(s + "$s.contains('World') $s.trim().startsWith('Hell') $s.endsWith(' ') $s.isEmpty() $s.trim().charAt(1)") == "true true true false e")
        #expect(try render(s + "$s.trim().replace('l', 'L') $s.trim().equals('Hello, World') $s.equalsIgnoreCase(' hello, world ')") == "HeLLo, WorLd true true")
        #expect(try render("#set($s = 'a1b22c333')$s.replaceAll('[0-9]+', '#') $s.replaceFirst('\\d', 'X') $s.matches('[a-c0-9]+') $s.matches('a')") == "a#b#c# aXb22c333 true false")
        #expect(try render("#set($s = 'John Smith')$s.replaceAll('(\\w+) (\\w+)', '$2, $1')") == "Smith, John")
        #expect(try render("#set($s = 'a,b,,c,,')#set($parts = $s.split(','))$parts $parts.size() $parts.get(3)") == "[a, b, , c] 4 c")
    }

    @Test func stringFailuresFailTheRender() {
        #expect(throws: TemplateRenderError.self) { try render("#set($s = 'abc')$s.substring(5)") }
        #expect(throws: TemplateRenderError.self) { try render("#set($s = 'abc')$s.charAt(-1)") }
        #expect(throws: TemplateRenderError.self) { try render("#set($l = [1])$l.get(3)") }
    }

    @Test func listAndMapMethods() throws {
        #expect(try render("#set($l = ['a', 'b'])$l.size() $l.get(1) $l.contains('a') $l.isEmpty() $l.indexOf('b')") == "2 b true false 1")
        let map = "#set($m = {'k1': 'v1', 'k2': 2})"
        #expect(try render(map + "$m.get('k1') $m.k2 $m.containsKey('k3') $m.keySet() $m.values() $m.size() $m.isEmpty()") == "v1 2 false [k1, k2] [v1, 2] 2 false")
        #expect(try render(map + "#foreach($e in $m.entrySet())$e.key=$e.value;$e.getKey();#end $m.entrySet()") == "k1=v1;k1;k2=2;k2; [k1=v1, k2=2]")
        #expect(try render(map + "#set($old = $m.put('k1', 'new'))$old $m.k1 $m.remove('k2') $m") == "v1 new 2 {k1=new}")
        #expect(try render("#set($l = [])$l.empty #set($m = {})$m.empty") == "true ")
    }

    @Test func numberMethods() throws {
        #expect(try render("#set($d = 3.99)$d.intValue() $d.toString() #set($i = 4)$i.doubleValue() $i.equals(4) $i.compareTo(5)") == "3 3.99 4.0 true -1")
    }
}
