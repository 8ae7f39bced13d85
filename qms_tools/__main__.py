from qms_tools.cli import main
main()
