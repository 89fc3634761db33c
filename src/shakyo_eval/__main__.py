from shakyo_eval.cli import main

main()
